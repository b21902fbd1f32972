"""Text from a draft made safe to show: control characters are written out, never interpreted.

A draft can carry terminal escape sequences (set the window title, clear the screen), bidirectional
overrides that reorder what the reader sees, and - in a file name - line breaks that split a one-line
report. ``visible`` writes each as an escape (``\\x1b``, ``\\u202e``); ``one_line`` also line breaks
and tabs.
"""
from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_AND_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")
_NAMES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """Control characters as escapes; line breaks and tabs kept."""
    return _CONTROLS.sub(_escape, text)


def one_line(text: str) -> str:
    """Control characters, line breaks and tabs as escapes: for file names in line-oriented output."""
    return _CONTROLS_AND_BREAKS.sub(_escape, text)


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in _NAMES:
        return _NAMES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
