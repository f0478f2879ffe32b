"""Exchange with other programs' formats: REFI-QDA projects and codebooks (`refi/`), and later others.

An exchange module may import every method package and the facade (a project import makes a new
study); nothing below imports it (pyproject.toml, [tool.importlinter]).
"""
