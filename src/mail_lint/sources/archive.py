"""Mail archives read lazily: an mbox of any size and a Maildir folder, in parts of N messages.

Nothing here holds a whole archive in memory. An mbox is scanned line by line for its message starts
(a ``From `` line at the start of the file or after a blank line, as a single mbox has always been
split here) and each message is read from the file when it is linted; a message bigger than the
draft limit is that message's error, not the archive's. A Maildir is the layout the stdlib ``mailbox``
module reads (``cur/``, ``new/``, ``tmp/``): the messages of ``cur/`` then ``new/``, each in name order,
are read one file at a time; ``tmp/`` holds deliveries in progress and is never read.

A part (``MboxPart``, ``MaildirPart``) is a small picklable value naming a range of messages, so that
a part can be linted in another process or on another machine that sees the same file system.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import PurePath

from ..draft import Draft
from .errors import InputError
from .mime import SourceFile, is_mbox, message_draft
from .suffixes import HTML_SUFFIXES, TEMPLATE_SUFFIXES
from .text import MAX_BYTES, SNIFF, read_path, read_path_unless, refuse_binary

MESSAGES_PER_PART = 500
MAILDIR_SUBDIRS = ("cur", "new")  # tmp/ holds messages still being delivered
_READ_LIMIT = 1 << 16  # longest piece of a line read at once while scanning
_NOT_ARCHIVE_SUFFIXES = HTML_SUFFIXES + TEMPLATE_SUFFIXES


def is_maildir(path: str) -> bool:
    return path != "-" and all(os.path.isdir(os.path.join(path, sub)) for sub in ("cur", "new", "tmp"))


def archive_kind(path: str) -> str | None:
    """"maildir", "mbox" (a file that starts with a ``From `` line), or None for any other input.

    A file with a NUL byte near its start is not an archive: it is read, and refused, as a file."""
    if path == "-":
        return None
    if os.path.isdir(path):
        return "maildir" if is_maildir(path) else None
    if not _may_be_mbox(path):
        return None
    try:
        with open(path, "rb") as handle:
            start = handle.read(SNIFF)
    except OSError:
        return None  # reading it again reports the problem
    return "mbox" if _starts_an_mbox(start) else None


def read_or_archive(path: str) -> bytes | str:
    """An input's bytes (``read_path``, its errors as InputError), or its ``archive_kind`` ("maildir",
    "mbox") when it is an archive, to be read lazily. A file is opened once: the start read to tell an
    mbox is the start of its bytes (archive_kind then read_path would open every file twice)."""
    if path != "-" and os.path.isdir(path) and is_maildir(path):
        return "maildir"
    if path == "-" or not _may_be_mbox(path):
        return read_path(path)
    data = read_path_unless(path, _starts_an_mbox)
    return "mbox" if data is None else data


def _may_be_mbox(path: str) -> bool:
    """A regular file of a kind an mbox can be (a named pipe is read once, as a stream: sniffing it would
    eat its start)."""
    return PurePath(path).suffix.lower() not in _NOT_ARCHIVE_SUFFIXES and os.path.isfile(path)


def _starts_an_mbox(start: bytes) -> bool:
    return is_mbox(start) and b"\x00" not in start


@dataclass(frozen=True, slots=True)
class MboxPart:
    """Messages ``first_index + 1`` ... of an mbox: ``count`` messages in bytes [start, end) of the file,
    the first of which begins on line ``first_line``. ``path`` names the messages; ``file`` is where it
    is read (the same file as an absolute path, so that a worker in another folder finds it)."""

    path: str
    file: str
    start: int
    end: int
    first_index: int
    first_line: int
    count: int

    def names(self) -> list[str]:
        return [f"{self.path}[{self.first_index + i + 1}]" for i in range(self.count)]

    def drafts(self) -> Iterator[Draft | InputError]:
        try:
            with open(self.file, "rb") as handle:
                starts = list(_message_starts(handle, self.start, self.end, self.first_line))
                if len(starts) != self.count:
                    raise InputError(self.path, "the mbox changed while it was being read")
                for index, (offset, line) in enumerate(starts):
                    end = starts[index + 1][0] if index + 1 < len(starts) else self.end
                    name = f"{self.path}[{self.first_index + index + 1}]"
                    if end - offset > MAX_BYTES:
                        yield InputError(name, f"larger than {MAX_BYTES // (1024 * 1024)} MB; not linted")
                        continue
                    handle.seek(offset)
                    yield mbox_message(name, handle.read(end - offset), line)
        except OSError as error:
            problem = error.strerror or str(error)
            yield from (InputError(name, problem) for name in self.names())
        except InputError as error:
            yield from (InputError(name, error.problem) for name in self.names())


@dataclass(frozen=True, slots=True)
class MaildirPart:
    """Messages of a Maildir folder, named ``path/sub/file`` (``cur/...`` or ``new/...``); ``folder`` is
    ``path`` as an absolute path, where they are read."""

    path: str
    folder: str
    entries: tuple[str, ...]

    def names(self) -> list[str]:
        return [os.path.join(self.path, entry) for entry in self.entries]

    def drafts(self) -> Iterator[Draft | InputError]:
        for name, entry in zip(self.names(), self.entries, strict=True):
            try:
                yield message_item(name, read_path(os.path.join(self.folder, entry)))
            except InputError as error:
                yield InputError(name, error.problem)


def archive_parts(path: str, kind: str, size: int = MESSAGES_PER_PART) -> Iterator[MboxPart | MaildirPart]:
    """The parts of an archive, ``size`` messages each, in order; found lazily as the archive is scanned."""
    if kind == "maildir":
        entries = maildir_entries(path)
        for first in range(0, len(entries), size):
            yield MaildirPart(path, os.path.abspath(path), tuple(entries[first : first + size]))
        return
    file = os.path.abspath(path)
    with open(file, "rb") as handle:
        end = os.fstat(handle.fileno()).st_size
        group: list[tuple[int, int]] = []
        index = 0
        for start in _message_starts(handle, 0, end, 1):
            if len(group) == size:
                yield MboxPart(path, file, group[0][0], start[0], index, group[0][1], len(group))
                index += len(group)
                group = []
            group.append(start)
        if group:
            yield MboxPart(path, file, group[0][0], end, index, group[0][1], len(group))


def archive_drafts(path: str, kind: str) -> Iterator[Draft | InputError]:
    """Every message of an archive as a Draft (or its error), one at a time."""
    try:
        parts = archive_parts(path, kind)
        for part in parts:
            yield from part.drafts()
    except OSError as error:
        yield InputError(path, error.strerror or str(error))


def maildir_entries(path: str) -> list[str]:
    """``cur/<file>`` and ``new/<file>`` of every message, in a stable order (as ``mailbox.Maildir``
    lists them: dot files are not messages)."""
    entries = []
    for sub in MAILDIR_SUBDIRS:
        directory = os.path.join(path, sub)
        names = sorted(entry.name for entry in os.scandir(directory)
                       if entry.is_file() and not entry.name.startswith("."))
        entries += [f"{sub}/{name}" for name in names]
    return entries


def mbox_message(name: str, data: bytes, line: int) -> Draft | InputError:
    """One mbox message, its ``From `` line included, which begins on line ``line`` of the mbox."""
    item = message_item(name, data, check_binary=False)
    return replace(item, line_offset=line - 1) if isinstance(item, Draft) else item


def message_item(name: str, data: bytes, check_binary: bool = True) -> Draft | InputError:
    """One RFC 822 message (a leading mbox ``From `` line is skipped) as a Draft, or its error."""
    try:
        if check_binary:
            refuse_binary(name, data)
        start = data.index(b"\n") + 1 if data.startswith(b"From ") and b"\n" in data else 0
        return message_draft(SourceFile.of(name, data), start, len(data), name)
    except InputError as error:
        return error
    except (ValueError, LookupError, IndexError) as error:  # a malformed message the parsers rejected
        return InputError(name, f"cannot read this input: {error}")
    except Exception as error:  # any other failure on this one message stays this message's error line
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return InputError(name, f"cannot read this input ({type(error).__name__}{': ' + first if first else ''})")


def _message_starts(handle, start: int, end: int, line: int) -> Iterator[tuple[int, int]]:
    """(byte offset, line number) of every message start in bytes [start, end) of an mbox; ``start``
    is one. A message starts at a ``From `` line after a blank line."""
    handle.seek(start)
    position, last4, at_line_start = start, b"", True
    while position < end:
        piece = handle.readline(min(_READ_LIMIT, end - position))
        if not piece:
            break
        if at_line_start and piece.startswith(b"From ") and (
            position == start or last4[-2:] == b"\n\n" or last4 == b"\r\n\r\n"
        ):
            yield position, line
        at_line_start = piece.endswith(b"\n")
        line += at_line_start
        last4 = (last4 + piece[-4:])[-4:]
        position += len(piece)
