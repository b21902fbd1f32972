"""Reading an input's bytes (size limit) and decoding text (binary and encoding checks)."""
from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable

from .errors import InputError

MAX_BYTES = 10 * 1024 * 1024  # a draft larger than this is not an email draft
SNIFF = 8192  # bytes read of a file's start to tell an mbox (sources/archive.py)
_BINARY_SNIFF = 8192


def read_path(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a file, or of standard input for "-", with errors as InputError."""
    data = _read(path, max_bytes, None)
    assert data is not None
    return data


def read_path_unless(path: str, unless: Callable[[bytes], bool], max_bytes: int = MAX_BYTES) -> bytes | None:
    """``read_path`` of a file, or None when ``unless`` holds for its first SNIFF bytes: the file is
    opened once, and what was read to decide is the start of its bytes (an mbox is then read another
    way, lazily; any other file was read whole, as read_path reads it)."""
    return _read(path, max_bytes, unless)


def _read(path: str, max_bytes: int, unless: Callable[[bytes], bool] | None) -> bytes | None:
    try:
        if path == "-":
            if sys.stdin is None:
                raise InputError(path, "standard input is closed")
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(path, "rb") as handle:
                start = b""
                if unless is not None:
                    start = handle.read(min(SNIFF, max_bytes + 1))
                    if unless(start):
                        return None
                data = start + _read_limited(handle, max_bytes + 1 - len(start), already=len(start))
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as error:
        raise InputError(path, error.strerror or str(error)) from None
    if len(data) > max_bytes:
        raise InputError(path, f"larger than {max_bytes // (1024 * 1024)} MB; not linted")
    return data


def _read_limited(handle, limit: int, already: int = 0) -> bytes:
    """At most ``limit`` bytes of an open file (``already`` read from it before). A read of ``limit``
    (10 MB) allocates that much for every file, however small: a file's own size (plus one byte, to see
    it grow) is read first, and the rest only when there is more than it said (a pipe, a file still
    being written)."""
    try:
        size = max(os.fstat(handle.fileno()).st_size - already, 0)
    except OSError:
        size = 0
    data = handle.read(min(size + 1, limit))
    if len(data) > size and len(data) < limit:
        data += handle.read(limit - len(data))
    return data


_BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # 32 first: FF FE 00 00


def from_byte_order_mark(path: str, data: bytes) -> bytes:
    """UTF-16 or UTF-32 with a byte order mark (what some Windows editors save) as UTF-8; other data as it is."""
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(codec).encode("utf-8")
            except UnicodeDecodeError as error:
                raise InputError(path, f"not valid {codec.upper()} ({error.reason} at byte {error.start}); "
                                       f"convert it to UTF-8") from None
    return data


def refuse_binary(path: str, data: bytes) -> None:
    """Raise a one-line InputError for data that is not text (a NUL byte near the start)."""
    nul = data.find(b"\x00", 0, _BINARY_SNIFF)
    if nul != -1:
        raise InputError(path, f"binary file (NUL byte at offset {nul}); not linted")


def decode(path: str, data: bytes, charset: str = "utf-8") -> str:
    """Decode draft bytes, refusing binary data with a clear message."""
    refuse_binary(path, data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode(charset)
    except UnicodeDecodeError as error:
        raise InputError(
            path, f"not valid {error.encoding.upper()} ({error.reason} at byte {error.start}); convert it to UTF-8"
        ) from None
    except LookupError:
        raise InputError(path, f"unknown charset {charset!r}") from None

