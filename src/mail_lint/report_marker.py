"""The mark a rendered report carries, so that a later run over the same folder does not lint it."""
from __future__ import annotations

MARKS = (b'<meta name="generator" content="mail-lint', b"<!-- generator: mail-lint")
_HEAD = 2048


def is_rendered_report(data: bytes) -> bool:
    head = data[:_HEAD]
    return any(mark in head for mark in MARKS)
