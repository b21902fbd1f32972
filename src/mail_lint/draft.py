"""A draft: the text as its reader sees it, its regions, and positions back into the file as given."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import StrEnum

from .masks import Mask, Suppression, apply_masks


class RegionKind(StrEnum):
    """What a stretch of the draft is. Only the sender's own words are linted."""

    BODY = "body"
    SUBJECT = "subject"
    QUOTE = "quote"  # a quoted reply, with its attribution line
    FORWARD = "forward"  # a forwarded message
    SIGNATURE = "signature"  # after "-- ", or a closing sign-off block

    @property
    def is_own(self) -> bool:
        return self in (RegionKind.BODY, RegionKind.SUBJECT)


@dataclass(frozen=True, slots=True)
class Region:
    start: int
    end: int
    kind: RegionKind


@dataclass(frozen=True, slots=True)
class Draft:
    """One message to lint.

    ``text`` is what the reader sees. When the file as given differs (encoded mail, HTML, templates),
    ``source_text`` holds it and ``offset_map[i]`` is the offset in ``source_text`` of ``text[i]``
    (with one extra entry for the end), so that findings point into the file as given.
    """

    path: str
    text: str
    regions: tuple[Region, ...]
    source_text: str | None = None
    offset_map: tuple[int, ...] | None = None
    decoded: tuple[tuple[int, int], ...] = ()  # text ranges located in a decoded body, not in the file
    masks: tuple[Mask, ...] = ()  # template placeholders and logic
    suppressions: tuple[Suppression, ...] = ()
    recipients: tuple[str, ...] = ()  # display names from To:
    warnings: tuple[str, ...] = ()
    message_id: str | None = None
    line_offset: int = 0  # lines of the file before ``source_text`` (a message read out of an mbox)
    lines: LineStarts | None = field(default=None, repr=False, compare=False)  # shared by an mbox's messages
    _line_starts: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.regions:  # no structure known: all of it is the sender's own text
            object.__setattr__(self, "regions", (Region(0, len(self.text), RegionKind.BODY),))

    def own_text(self) -> str:
        """What is linted: the text with every region that is not the sender's own blanked out,
        placeholders read as neutral words and hard-wrapped lines joined. Same length as ``text``,
        so offsets stay valid."""
        return unwrap(apply_masks(self._masked(lambda kind: kind.is_own), self.masks))

    def context_text(self) -> str:
        """The quoted and forwarded regions only, quote markers blanked and lines joined (offsets kept)."""
        kept = apply_masks(self._masked(lambda kind: kind in (RegionKind.QUOTE, RegionKind.FORWARD)), self.masks)
        return unwrap(_QUOTE_MARKERS.sub(lambda m: " " * len(m.group()), kept))

    def region_text(self, *kinds: RegionKind) -> str:
        """The text of the regions of these kinds only (offsets kept)."""
        return self._masked(lambda kind: kind in kinds)

    def is_decoded(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.decoded)

    def has_context(self) -> bool:
        return any(r.kind in (RegionKind.QUOTE, RegionKind.FORWARD) for r in self.regions)

    def _masked(self, keep) -> str:
        pieces = []
        for region in self.regions:
            chunk = self.text[region.start : region.end]
            pieces.append(chunk if keep(region.kind) else _blank(chunk))
        return "".join(pieces)

    def source_offset(self, offset: int) -> int:
        if self.offset_map is None:
            return offset
        return self.offset_map[min(offset, len(self.offset_map) - 1)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the file as given of the character at ``offset`` of ``text``.

        In a decoded range (a base64 body) there is no such place: the position is then the line
        and column within the decoded body."""
        for start, end in self.decoded:
            if start <= offset <= end:
                before = self.text[start:offset]
                return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        source_offset = self.source_offset(offset)
        line_starts = self._line_starts or self._count_lines()
        line_index = bisect.bisect_right(line_starts, source_offset) - 1
        return self.line_offset + line_index + 1, source_offset - line_starts[line_index] + 1

    def _count_lines(self) -> tuple[int, ...]:
        """Offsets of the starts of lines in the file as given; counted on the first finding only."""
        if self.lines is not None:
            starts = self.lines.starts()
        else:
            starts = line_starts(self.text if self.source_text is None else self.source_text)
        object.__setattr__(self, "_line_starts", starts)
        return starts


class LineStarts:
    """The offsets of the line starts of one file, counted once, on first use, for all the drafts read
    from it (5,000 messages of an mbox must not count the whole file's lines 5,000 times)."""

    __slots__ = ("_text", "_starts")

    def __init__(self, text: str):
        self._text: str | None = text
        self._starts: tuple[int, ...] | None = None

    def starts(self) -> tuple[int, ...]:
        if self._starts is None:
            self._starts = line_starts(self._text or "")
            self._text = None
        return self._starts

    def __reduce__(self):  # sent to another process: the counted starts, or the text to count them in
        return (_line_starts_of, (self.starts(),))


def _line_starts_of(starts: tuple[int, ...]) -> LineStarts:
    lines = LineStarts("")
    lines._starts = starts
    return lines


def line_starts(source: str) -> tuple[int, ...]:
    """The offsets where the lines of ``source`` start, lines counted at "\\n" (as positions are)."""
    return (0, *(match.end() for match in _LINE_BREAK.finditer(source)))


_LINE_BREAK = re.compile("\n")
_QUOTE_MARKERS = re.compile(r"^[ \t]*(>[ \t]?)+", re.MULTILINE)
_LIST_ITEM = re.compile(r"^\s*([-*\u2022]|\d+[.)])\s")
_WRAPPED_LINE_MIN = 40  # a line shorter than this ends where it does (greeting, heading, sign-off)


def unwrap(text: str) -> str:
    """Join hard-wrapped lines of a paragraph by turning their line break into a space.

    Mail is wrapped at about 72 columns, so a phrase can run across a line break ("I hadn't" /
    "slept"). A break stays where the line is short, ends in a colon, or the next line is blank or a
    list item: those breaks carry structure. Lengths are unchanged ("\r\n" becomes two spaces).
    """
    lines = text.split("\n")
    out = []
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1]
        stripped = line.strip()
        soft = (
            len(stripped) >= _WRAPPED_LINE_MIN
            and not stripped.endswith(":")
            and following.strip() != ""
            and not _LIST_ITEM.match(following)
        )
        if soft and line.endswith("\r"):
            out.append(line[:-1] + "  ")
        else:
            out.append(line + (" " if soft else "\n"))
    out.append(lines[-1])
    return "".join(out)


def _blank(chunk: str) -> str:
    """Whitespace of the same length, so offsets stay put, with a line break where the chunk ends one
    (an own line after it still starts a line) or else first if it has any (a sentence still ends).

    Only the length varies, not the layout of the lines blanked: spaCy keeps every distinct
    whitespace token it meets in its vocabulary for good, and one string per length keeps that
    vocabulary - and the memory of a long run - from growing with every quoted reply."""
    if "\n" not in chunk:
        return " " * len(chunk)
    for ending in ("\r\n", "\n"):
        if chunk.endswith(ending):
            return " " * (len(chunk) - len(ending)) + ending
    return "\n" + " " * (len(chunk) - 1)
