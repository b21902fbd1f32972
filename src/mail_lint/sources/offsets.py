"""Text that remembers, character by character, where in the file as given it came from."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field


@dataclass
class MappedText:
    """``text`` plus ``offsets[i]``, the source offset of ``text[i]`` (one extra entry for the end).

    ``decoded`` lists [start, end) ranges of ``text`` whose offsets only approximate the source
    (a base64 body, an encoded header): positions there point at the decoded text's container.
    """

    chars: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    decoded: list[tuple[int, int]] = field(default_factory=list)
    end_offset: int = 0

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def __len__(self) -> int:
        return len(self.chars)

    def add(self, text: str, start: int | None = None, offsets: list[int] | None = None,
            decoded: bool = False) -> None:
        """Append ``text``; its characters come from ``offsets``, or from ``start`` onwards, or (for
        inserted separators) from the end of what came before."""
        if offsets is None:
            if start is None:
                offsets = [self.end_offset] * len(text)
            else:
                offsets = list(range(start, start + len(text)))
        begin = len(self.chars)
        self.chars.extend(text)
        self.offsets.extend(offsets)
        if decoded and text:
            self.decoded.append((begin, len(self.chars)))
        if offsets:
            self.end_offset = offsets[-1] + 1

    def extend(self, other: MappedText) -> None:
        shift = len(self.chars)
        self.chars.extend(other.chars)
        self.offsets.extend(other.offsets)
        self.decoded.extend((a + shift, b + shift) for a, b in other.decoded)
        self.end_offset = other.end_offset if other.chars else self.end_offset

    def composed(self, outer: list[int]) -> MappedText:
        """Re-express offsets that point into an intermediate text through that text's own map."""
        result = MappedText(list(self.chars), [outer[min(o, len(outer) - 1)] for o in self.offsets], list(self.decoded))
        result.end_offset = outer[min(self.end_offset, len(outer) - 1)]
        return result

    def offset_map(self) -> tuple[int, ...]:
        return tuple(self.offsets) + (self.end_offset,)


def decode_with_offsets(data: bytes, byte_offsets: list[int], charset: str, drop_cr: bool = True) -> MappedText:
    """Decode bytes to text; each character maps to the offset of its first byte."""
    text = data.decode(charset, "replace")
    offsets: list[int] | None = None
    if len(text) == len(data):  # ASCII or a single-byte charset
        offsets = list(byte_offsets)
    elif codecs.lookup(charset).name == "utf-8":
        starts = [index for index, byte in enumerate(data) if byte & 0xC0 != 0x80]
        if len(starts) == len(text):
            offsets = [byte_offsets[index] for index in starts]
    if offsets is None:
        return _decode_slowly(data, byte_offsets, charset, drop_cr)
    mapped = MappedText()
    if drop_cr and "\r" in text:
        kept = [i for i, char in enumerate(text) if char != "\r"]
        text = "".join(text[i] for i in kept)
        offsets = [offsets[i] for i in kept]
    mapped.chars.extend(text)
    mapped.offsets.extend(offsets)
    mapped.end_offset = (byte_offsets[-1] + 1) if byte_offsets else 0
    return mapped


def _decode_slowly(data: bytes, byte_offsets: list[int], charset: str, drop_cr: bool) -> MappedText:
    decoder = codecs.getincrementaldecoder(charset)(errors="replace")
    mapped = MappedText()
    start: int | None = None
    for index, byte in enumerate(data):
        if start is None:
            start = byte_offsets[index]
        out = decoder.decode(bytes((byte,)))
        if out:
            for char in out:
                if drop_cr and char == "\r":
                    continue
                mapped.add(char, offsets=[start])
            start = None
    tail = decoder.decode(b"", final=True)
    if tail:
        mapped.add(tail, offsets=[start or (byte_offsets[-1] if byte_offsets else 0)] * len(tail))
    mapped.end_offset = (byte_offsets[-1] + 1) if byte_offsets else 0
    return mapped


_QP_SPECIAL = re.compile(rb"=([0-9A-Fa-f]{2})|=[ \t]*\r?\n|[ \t]+(?=\r?\n)")


def unquote_printable(raw: bytes, base: int) -> tuple[bytes, list[int]]:
    """Quoted-printable bytes to bytes, with the source offset of every output byte.

    Only the offsets are computed here; callers check the result against the stdlib's own decoding
    and fall back to decoded positions when the two disagree.
    """
    out = bytearray()
    offsets: list[int] = []
    position = 0
    for match in _QP_SPECIAL.finditer(raw):
        out += raw[position : match.start()]
        offsets.extend(range(base + position, base + match.start()))
        if match.group(1):  # =XX: one byte; a soft break or trailing blanks: nothing
            out.append(int(match.group(1), 16))
            offsets.append(base + match.start())
        position = match.end()
    out += raw[position:]
    offsets.extend(range(base + position, base + len(raw)))
    return bytes(out), offsets


class ByteToChar:
    """Converts byte offsets of the file to character offsets of its decoded text."""

    def __init__(self, text: str, encoding: str):
        self._table: list[int] | None = None
        if encoding.replace("-", "").lower() in ("utf8", "utf8sig") and not text.isascii():
            table = []
            for char_index, char in enumerate(text):
                table.extend([char_index] * len(char.encode("utf-8", "surrogatepass")))
            table.append(len(text))
            self._table = table

    def __call__(self, byte_offset: int) -> int:
        if self._table is None:
            return byte_offset
        return self._table[min(byte_offset, len(self._table) - 1)]

    def all(self, byte_offsets: tuple[int, ...]) -> tuple[int, ...]:
        if self._table is None:
            return byte_offsets
        last = len(self._table) - 1
        return tuple(self._table[min(offset, last)] for offset in byte_offsets)
