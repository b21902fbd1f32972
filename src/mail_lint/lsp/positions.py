"""Positions between mail-lint's findings and the client: offsets, LSP lines, code units.

A finding gives a 1-based line and column in the file as given, lines counted at "\\n" and columns in
code points. An LSP position counts lines at "\\n", "\\r\\n" and "\\r", and characters in the code units
agreed at initialisation: UTF-16 unless the client offered UTF-8 or UTF-32. Pure functions, no pygls.
"""
from __future__ import annotations

import bisect
import re

from ..draft import line_starts

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_LSP_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Line starts of one text, for both ways of counting lines."""

    def __init__(self, text: str):
        self.text = text
        self._newline_starts = line_starts(text)  # as Draft.position counts lines
        self._lsp_starts = [0] + [m.end() for m in _LSP_BREAK.finditer(text)]

    def offset_of_finding(self, line: int, column: int) -> int:
        """Offset of a finding's 1-based (line, column), as Draft.position counts them."""
        start = self._newline_starts[min(max(line, 1), len(self._newline_starts)) - 1]
        return min(start + max(column, 1) - 1, len(self.text))

    def position(self, offset: int, encoding: str = UTF16) -> tuple[int, int]:
        """(line, character) of a code-point offset, character in the encoding's code units."""
        offset = min(max(offset, 0), len(self.text))
        line = bisect.bisect_right(self._lsp_starts, offset) - 1
        start = self._lsp_starts[line]
        return line, code_units(self.text[start:offset], encoding)

    def offset(self, line: int, character: int, encoding: str = UTF16) -> int:
        """Code-point offset of an LSP (line, character); past the end of a line means its end."""
        if line >= len(self._lsp_starts):
            return len(self.text)
        start = self._lsp_starts[max(line, 0)]
        end = self._lsp_starts[line + 1] if line + 1 < len(self._lsp_starts) else len(self.text)
        content = _LSP_BREAK.sub("", self.text[start:end])
        return start + code_points(content, character, encoding)


def code_units(text: str, encoding: str = UTF16) -> int:
    """How many code units ``text`` takes in the encoding (surrogates count as written)."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def code_points(line: str, units: int, encoding: str = UTF16) -> int:
    """How many code points of ``line`` fit in ``units`` code units (a split character is not counted)."""
    if encoding == UTF32:
        return min(units, len(line))
    used = 0
    for index, char in enumerate(line):
        width = len(char.encode("utf-8", "surrogatepass")) if encoding == UTF8 else (2 if ord(char) > 0xFFFF else 1)
        if used + width > units:
            return index
        used += width
    return len(line)
