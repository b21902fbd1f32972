"""Placeholders read as neutral words, and suppressions: values a source attaches to a Draft."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mask:
    """text[start:end] is read as a neutral word (``word``) or as nothing (blank)."""

    start: int
    end: int
    word: bool


@dataclass(frozen=True, slots=True)
class Suppression:
    """Rule-id prefixes (empty: every rule) silenced in the whole draft, or on one line of the file."""

    prefixes: tuple[str, ...]
    line: int | None  # 1-based line in the file as given; None for the whole file

    def covers(self, rule_id: str, line: int) -> bool:
        if self.line is not None and self.line != line:
            return False
        return not self.prefixes or any(rule_id.startswith(prefix) for prefix in self.prefixes)


def apply_masks(text: str, masks: tuple[Mask, ...]) -> str:
    """``text`` with placeholders as same-length neutral words and template logic as spaces."""
    if not masks:
        return text
    pieces = []
    position = 0
    for mask in masks:
        pieces.append(text[position : mask.start])
        chunk = text[mask.start : mask.end]
        if mask.word:
            pieces.append("".join(c if c in "\r\n" else "Q" for c in chunk))
        else:
            pieces.append("".join(c if c in "\r\n" else " " for c in chunk))
        position = mask.end
    pieces.append(text[position:])
    return "".join(pieces)
