"""From command-line paths to FileResults: discover, read, load, lint - in one process or several.

Returns values; never prints. With ``jobs`` > 1 and enough inputs to share, parallel.py lints them in
several processes. Results come back in input order either way.
"""
from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

from .config import Config
from .draft import Draft
from .finding import FileResult
from .patterns import PatternSet
from .sources import DEFAULT_GLOBS, InputError, discover, load_drafts, read_path
from .sources.archive import archive_drafts, archive_kind

SHARED_FROM = 256  # fewer inputs than this are linted in one process, whatever --jobs says


def collect(paths: tuple[str, ...], config: Config) -> list[str | InputError]:
    """Every file to lint (and every path error), in order."""
    return list(discover(paths, config.include or DEFAULT_GLOBS, config.exclude))


def lint_files(items: list[str | InputError], config: Config, pattern_set: PatternSet, stdin_name: str = "<stdin>",
               jobs: int = 1, progress: Callable[[int], None] | None = None,
               keep_text: bool = False) -> Iterator[FileResult]:
    """Lint the collected files, streaming; ``progress(n)`` is told how many results are done so far.
    ``keep_text`` keeps each draft's text in its result, for rendered reports.

    Once the spaCy pipeline is built, the objects that live as long as the run (the pattern set, the
    screen, the pipeline and its vocabulary: hundreds of thousands) are taken out of the garbage
    collector's scans (``gc.freeze``), which would otherwise walk them all at every full collection, and
    in a forked worker copy every page they are on. They are handed back to it when the run ends."""
    caller_froze = gc.get_freeze_count() > 0  # then the caller unfreezes, when it sees fit
    try:
        yield from _lint_files(items, config, pattern_set, stdin_name, jobs, progress, keep_text)
    finally:
        if not caller_froze:
            gc.unfreeze()


def _lint_files(items: list[str | InputError], config: Config, pattern_set: PatternSet, stdin_name: str,
                jobs: int, progress: Callable[[int], None] | None, keep_text: bool) -> Iterator[FileResult]:
    linter = new_linter(pattern_set, config, keep_text)
    if jobs > 1 and len(items) >= SHARED_FROM:
        from .parallel import lint_in_stages

        stream = lint_in_stages(items, linter, config, keep_text, stdin_name, jobs)
    else:
        stream = _one_process(linter, items, stdin_name)
    for done, result in enumerate(stream, 1):
        yield result
        if progress:
            progress(done)


def _one_process(linter, items: list[str | InputError], stdin_name: str) -> Iterator[FileResult]:
    frozen = False
    for result in linter.lint(_drafts(items, stdin_name)):
        if not frozen and linter.pipeline_built:
            gc.freeze()
            frozen = True
        yield result


def new_linter(pattern_set: PatternSet, config: Config, keep_text: bool = False):
    """The linter of a run: these patterns, this configuration."""
    from .linter import Linter

    return Linter(pattern_set, config.settings, settings_for=config.settings_for, keep_text=keep_text,
                  screen=config.screen)


def read_input(item: str | InputError, stdin_name: str) -> Iterator[Draft | InputError]:
    """The drafts of one input that is not an archive (or its error)."""
    if isinstance(item, InputError):
        yield item
        return
    name = stdin_name if item == "-" else item
    try:
        yield from load_drafts(name, read_path(item))
    except InputError as error:
        yield InputError(name, error.problem)


def _drafts(items: list[str | InputError], stdin_name: str) -> Iterator[Draft | InputError]:
    for item in items:
        kind = archive_kind(item) if isinstance(item, str) else None
        if kind:  # an mbox or a Maildir: one message at a time, never the whole archive
            yield from archive_drafts(item, kind)
        else:
            yield from read_input(item, stdin_name)
