"""The program's release: named in error reports and in the files CaseCoder writes for other programs.

It lives here, at the bottom, so that modules anywhere in coder/ can name it without importing the
package root (coder/__init__.py imports the facade, which imports nearly everything).
"""

__version__ = "0.1.0"
