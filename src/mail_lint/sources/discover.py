"""Expand the command line's paths to the draft files to lint."""
from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError

DEFAULT_GLOBS = (
    "*.txt", "*.eml", "*.mbox", "*.md", "*.html", "*.htm", "*.j2", "*.jinja", "*.tmpl", "*.mustache", "*.hbs",
)
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "venv"})


def discover(paths: tuple[str, ...], globs: tuple[str, ...] = DEFAULT_GLOBS) -> Iterator[str | InputError]:
    """Yield each file to lint, in a stable order; an InputError for a path that yields nothing.

    A file named on the command line is linted whatever its name; a directory is searched
    recursively for files matching ``globs``, skipping hidden and tool directories.
    """
    for path in paths:
        if path == "-":
            yield path
            continue
        candidate = Path(path)
        if candidate.is_dir():
            found = list(_walk(candidate, globs))
            if not found:
                yield InputError(path, f"no draft files found (looked for {', '.join(globs)})")
            yield from found
        elif candidate.exists():
            yield path
        else:
            yield InputError(path, "no such file or directory")


def _walk(directory: Path, globs: tuple[str, ...]) -> Iterator[str]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS)
        for name in sorted(files):
            if name.startswith("."):
                continue
            relative = os.path.relpath(os.path.join(root, name), directory)
            if any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(relative, g) for g in globs):
                yield os.path.join(root, name)
