"""The Qt binding must not corrupt Python's reference counts (PySide6 6.12.0 on Python 3.11 did:
every void call released a reference to None until the interpreter aborted)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument


def test_void_calls_keep_none_alive(qapp):
    document = QTextDocument("some words " * 20)
    cursor = QTextCursor(document)
    before = sys.getrefcount(None)
    for _ in range(2000):
        cursor.setPosition(5)
    assert sys.getrefcount(None) - before > -100
