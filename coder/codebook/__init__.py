"""The codebook and the case outline: codes, the TOML codebook file, outline sections.

May import coder.store and coder.sources. A section rename reaches the site memos through the
study (`study.memos.carry_section_rename`), never by importing coder.memos.
"""
