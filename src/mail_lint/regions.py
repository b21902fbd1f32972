"""Split plain draft text into regions: the sender's body, quoted replies, forwards, signatures.

Line-based, like the mail clients that produce these conventions: ``>`` quoting, an attribution line
("On Tue, 3 Mar 2026, Dana wrote:"), Outlook's "-----Original Message-----" or From:/Sent: header
block, "---------- Forwarded message ---------", the ``-- `` signature separator and a closing sign-off
block ("Best regards,\\nAlex Morgan").
"""
from __future__ import annotations

import re

from .draft import Region, RegionKind

_QUOTED_LINE = re.compile(r"^[ \t]*>")
_ATTRIBUTION = re.compile(r"^[ \t]*(On\b.{0,200}\bwrote:|.{0,120}\bwrote:)[ \t]*$", re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"^[ \t]*On\b.{0,160}$", re.IGNORECASE)
_ORIGINAL_MESSAGE = re.compile(r"^[ \t]*-{2,}\s*Original Message\s*-{2,}", re.IGNORECASE)
_OUTLOOK_FROM = re.compile(r"^[ \t]*\*?From:\*?\s+\S")
_OUTLOOK_FOLLOWER = re.compile(r"^[ \t]*\*?(Sent|Date|To|Subject):\*?\s")
_FORWARDED = re.compile(
    r"^[ \t]*(-{3,}\s*Forwarded message\s*-{3,}|Begin forwarded message:|-{3,}\s*Forwarded by\b)",
    re.IGNORECASE,
)
# What every thread start above begins with (or contains): most lines have none of it and skip them all.
_MAYBE_THREAD_START = re.compile(r"^[ \t]*(?:[-*]|on\b|begin\b|from:)|wrote:", re.IGNORECASE)
_SIGNATURE_SEPARATOR = re.compile(r"^-- ?\r?$")
_SIGN_OFF = re.compile(
    r"^[ \t]*(best|best regards|kind regards|warm regards|warmest regards|regards|warmly|sincerely|"
    r"yours sincerely|yours faithfully|faithfully yours|yours truly|sincerely yours|respectfully|"
    r"cheers|thanks|thank you|many thanks|thanks and regards|thanks & regards|with thanks|"
    r"thanking you|all the best|best wishes|take care|with gratitude|gratefully|cordially)"
    r"[ \t]*[,.!]?[ \t]*\r?$",
    re.IGNORECASE,
)
_SIGN_OFF_TAIL_LINES = 6  # a sign-off counts as a block only this close to the end of the body
_SIGN_OFF_TAIL_LINE_LENGTH = 60


def split_regions(text: str, start_kind: RegionKind = RegionKind.BODY) -> tuple[Region, ...]:
    """Regions covering ``text`` from start to end, in order, adjacent regions of a kind merged."""
    lines = text.splitlines(keepends=True)
    kinds = _classify(lines, start_kind)
    regions: list[Region] = []
    offset = 0
    for line, kind in zip(lines, kinds, strict=True):
        if regions and regions[-1].kind == kind:
            regions[-1] = Region(regions[-1].start, offset + len(line), kind)
        else:
            regions.append(Region(offset, offset + len(line), kind))
        offset += len(line)
    if not regions:
        regions.append(Region(0, len(text), start_kind))
    return tuple(regions)


def overlay(regions: tuple[Region, ...], quotes: list[tuple[int, int]]) -> tuple[Region, ...]:
    """``regions`` with the ranges in ``quotes`` (quoted HTML blocks) turned into quote regions."""
    result = list(regions)
    for quote_start, quote_end in quotes:
        if quote_end <= quote_start:
            continue
        pieces: list[Region] = []
        for region in result:
            if region.end <= quote_start or region.start >= quote_end:
                pieces.append(region)
                continue
            if region.start < quote_start:
                pieces.append(Region(region.start, quote_start, region.kind))
            pieces.append(Region(max(region.start, quote_start), min(region.end, quote_end), RegionKind.QUOTE))
            if region.end > quote_end:
                pieces.append(Region(quote_end, region.end, region.kind))
        result = pieces
    merged: list[Region] = []
    for region in result:
        if merged and merged[-1].kind == region.kind and merged[-1].end == region.start:
            merged[-1] = Region(merged[-1].start, region.end, region.kind)
        else:
            merged.append(region)
    return tuple(merged)


def _classify(lines: list[str], start_kind: RegionKind) -> list[RegionKind]:
    kinds: list[RegionKind] = []
    rest: RegionKind | None = None  # once a reply or forward header is seen, the rest is context
    index = 0
    while index < len(lines):
        line = lines[index]
        if rest is None:
            rest = _thread_start(lines, index)
        if rest is not None:
            kinds.append(rest)
        elif _QUOTED_LINE.match(line):
            kinds.append(RegionKind.QUOTE)
        elif _SIGNATURE_SEPARATOR.match(line):
            kinds.extend(_signature_until_quote(lines, index))
            index = len(kinds)
            continue
        else:
            kinds.append(start_kind)
        index += 1
    _mark_sign_off_block(lines, kinds, start_kind)
    return kinds


def _thread_start(lines: list[str], index: int) -> RegionKind | None:
    line = lines[index]
    if not _MAYBE_THREAD_START.search(line):
        return None
    if _FORWARDED.match(line):
        return RegionKind.FORWARD
    if _ORIGINAL_MESSAGE.match(line) or _ATTRIBUTION.match(line):
        return RegionKind.QUOTE
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if _ATTRIBUTION_START.match(line) and _ATTRIBUTION.match(line.rstrip("\r\n") + " " + following.strip()):
        return RegionKind.QUOTE  # an attribution wrapped over two lines
    if _OUTLOOK_FROM.match(line) and _OUTLOOK_FOLLOWER.match(following):
        return RegionKind.QUOTE
    return None


def _signature_until_quote(lines: list[str], index: int) -> list[RegionKind]:
    kinds = []
    for line in lines[index:]:
        if _QUOTED_LINE.match(line):
            break
        kinds.append(RegionKind.SIGNATURE)
    return kinds


def _mark_sign_off_block(lines: list[str], kinds: list[RegionKind], own: RegionKind) -> None:
    """A bare sign-off line ("Best regards,", "Thanks,") and the short lines after it are a signature."""
    own_indexes = [i for i, kind in enumerate(kinds) if kind == own]
    if not own_indexes:
        return
    content = [i for i in own_indexes if lines[i].strip()]
    for position, index in enumerate(content):
        if len(content) - position - 1 > _SIGN_OFF_TAIL_LINES:  # (counted, not sliced: linear in the lines)
            continue
        tail = content[position + 1 :]
        if not _SIGN_OFF.match(lines[index]):
            continue
        if all(len(lines[i].strip()) <= _SIGN_OFF_TAIL_LINE_LENGTH for i in tail):
            last = tail[-1] if tail else index
            for i in range(index, last + 1):
                if kinds[i] == own:
                    kinds[i] = RegionKind.SIGNATURE
            return
