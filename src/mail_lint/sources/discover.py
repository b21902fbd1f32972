"""Expand the command line's paths to the draft files to lint."""
from __future__ import annotations

import fnmatch
import os
import re
import stat
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from .archive import is_maildir
from .errors import InputError
from .suffixes import DRAFT_SUFFIXES

DEFAULT_GLOBS = tuple(f"*{suffix}" for suffix in DRAFT_SUFFIXES)
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv"})


def discover(paths: tuple[str, ...], globs: tuple[str, ...] = DEFAULT_GLOBS,
             exclude: tuple[str, ...] = ()) -> Iterator[str | InputError]:
    """Yield each file to lint, in a stable order; an InputError for a path that yields nothing.

    A file named on the command line is linted whatever its name; a directory is searched
    recursively for files matching ``globs`` and none of ``exclude``, skipping hidden and tool
    directories.
    """
    for path in paths:
        if path == "-":
            yield path
            continue
        candidate = Path(path)
        if is_maildir(path):  # a mail folder: linted message by message, as an mbox is
            yield path
        elif candidate.is_dir():
            found = list(_walk(candidate, globs, exclude))
            if not found:
                yield InputError(path, f"no draft files found (looked for {', '.join(globs)})")
            yield from found
        elif candidate.exists():
            yield path
        else:
            yield InputError(path, "no such file or directory")


def _walk(directory: Path, globs: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[str]:
    for root, dirs, files in os.walk(directory):
        here = os.path.relpath(root, directory)
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(".") and d not in _SKIPPED_DIRS
            and not _matches(d, os.path.normpath(os.path.join(here, d)), exclude)
        )
        mail_folders = [d for d in dirs if is_maildir(os.path.join(root, d))]  # linted whole, after the files
        dirs[:] = [d for d in dirs if d not in mail_folders]
        regular = _regular_files(root)
        for name in sorted(files):
            if name.startswith("."):
                continue
            relative = name if here == os.curdir else os.path.join(here, name)  # os.path.relpath, without its cost
            if _matches(name, relative, globs) and not _matches(name, relative, exclude):
                path = os.path.join(root, name)
                if name in regular or _is_regular(path):  # never a named pipe or a device: reading one hangs
                    yield path
        yield from (os.path.join(root, d) for d in mail_folders)


def _regular_files(folder: str) -> frozenset[str]:
    """The names of the regular files in ``folder`` that are not links, as the directory itself lists
    them (no stat per file); a link, or a name listed since, is checked with ``_is_regular``."""
    try:
        with os.scandir(folder) as entries:
            return frozenset(entry.name for entry in entries if entry.is_file(follow_symlinks=False))
    except OSError:
        return frozenset()


def _is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:  # a dangling link: reading it names the problem
        return True


def _matches(name: str, relative: str, globs: tuple[str, ...]) -> bool:
    """Whether the name or the relative path matches one of the globs (fnmatch.fnmatch, all in one regex)."""
    if not globs:
        return False
    match = _any_of(globs)
    return bool(match(os.path.normcase(name)) or match(os.path.normcase(relative)))


@lru_cache(maxsize=16)
def _any_of(globs: tuple[str, ...]):
    return re.compile("|".join(fnmatch.translate(os.path.normcase(g)) for g in globs)).match
