"""Units of work: the inputs of a run cut into small picklable values, each linted as one task.

``plan`` turns the inputs (files, archives, ``-``, path errors) into, in input order:
  - ``Files``: up to ``files_per_unit`` files, read where the unit is linted;
  - ``MboxPart`` / ``MaildirPart``: a range of an archive's messages (``sources.archive``);
  - ``Inline``: bytes already read (standard input, read once by the caller);
  - ``Failed``: a path that yields nothing to lint, with its one-line error.
A unit's ``drafts()`` yields its Drafts (or per-input errors) in order; ``names()`` the names of its
inputs, so that a unit that cannot be linted at all can still report each of them once.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .draft import Draft
from .sources import InputError, load_drafts, read_path
from .sources.archive import MESSAGES_PER_PART, MaildirPart, MboxPart, archive_kind, archive_parts

FILES_PER_UNIT = 64


@dataclass(frozen=True, slots=True)
class Files:
    """Files named ``inputs`` (as given), read at ``paths`` (absolute)."""

    inputs: tuple[str, ...]
    paths: tuple[str, ...]

    def drafts(self) -> Iterator[Draft | InputError]:
        for name, path in zip(self.inputs, self.paths, strict=True):
            try:
                yield from load_drafts(name, read_path(path))
            except InputError as error:
                yield InputError(name, error.problem)

    def names(self) -> list[str]:
        return list(self.inputs)


@dataclass(frozen=True, slots=True)
class Inline:
    name: str
    data: bytes

    def drafts(self) -> Iterator[Draft | InputError]:
        yield from load_drafts(self.name, self.data)

    def names(self) -> list[str]:
        return [self.name]


@dataclass(frozen=True, slots=True)
class Failed:
    error: InputError

    def drafts(self) -> Iterator[Draft | InputError]:
        yield self.error

    def names(self) -> list[str]:
        return [self.error.path]


Unit = Files | Inline | Failed | MboxPart | MaildirPart


def read_stdin(stdin_name: str) -> Inline | Failed:
    """Standard input, read once, here: ``stdin_name`` names it (a forked worker could not read it:
    multiprocessing gives it an empty one)."""
    try:
        return Inline(stdin_name, read_path("-"))
    except InputError as error:
        return Failed(InputError(stdin_name, error.problem))


def plan(items: Iterable[str | InputError], stdin_name: str = "<stdin>", files_per_unit: int = FILES_PER_UNIT,
         messages_per_part: int = MESSAGES_PER_PART) -> Iterator[Unit]:
    """The units of ``items`` (as ``sources.discover`` yields them), in order, found lazily."""
    names: list[str] = []
    paths: list[str] = []

    def flush() -> Iterator[Files]:
        if names:
            yield Files(tuple(names), tuple(paths))
            names.clear()
            paths.clear()

    for item in items:
        if isinstance(item, InputError):
            yield from flush()
            yield Failed(item)
            continue
        if item == "-":
            yield from flush()
            yield read_stdin(stdin_name)
            continue
        kind = archive_kind(item)
        if kind:
            yield from flush()
            try:
                yield from archive_parts(item, kind, messages_per_part)
            except OSError as error:
                yield Failed(InputError(item, error.strerror or str(error)))
            continue
        names.append(item)
        paths.append(os.path.abspath(item))
        if len(names) >= files_per_unit:
            yield from flush()
    yield from flush()

