"""From command-line paths to FileResults: discover, read, load, lint - in one process or several.

Returns values; never prints. With ``jobs`` > 1 (and enough files), where the platform forks,
parallel.py screens ahead in a process of its own while this one builds the spaCy pipeline, then shares
out what the screen let through with processes forked from this one (pipeline and caches warm); where
it cannot (``_spread``), files are linted here until one needs the pipeline and the rest goes to spawned
workers, which build their own. Either way, results come back in input order.
"""
from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from .config import Config
from .finding import FileResult
from .patterns import PatternSet, load_patterns
from .sources import DEFAULT_GLOBS, InputError, discover, load_drafts
from .sources.archive import archive_drafts, read_or_archive
from .units import Failed, Inline, read_stdin

CHUNK = 128  # files per task handed to a worker (32 measured 4% slower on 10k drafts)
TAIL_CHUNK = CHUNK // 4  # the last files go out in smaller tasks: the workers end within a few files of each other


def collect(paths: tuple[str, ...], config: Config) -> list[str | InputError]:
    """Every file to lint (and every path error), in order."""
    return list(discover(paths, config.include or DEFAULT_GLOBS, config.exclude))


def lint_files(items: list[str | InputError], config: Config, pattern_set: PatternSet, stdin_name: str = "<stdin>",
               jobs: int = 1, progress: Callable[[int], None] | None = None,
               keep_text: bool = False) -> Iterator[FileResult]:
    """Lint the collected files, streaming; ``progress(n)`` is told how many inputs are done so far.
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
    done = 0
    for result in _results(items, config, pattern_set, stdin_name, jobs, keep_text):
        yield result
        done += 1
        if progress:
            progress(done)


def _results(items: list[str | InputError], config: Config, pattern_set: PatternSet, stdin_name: str,
             jobs: int, keep_text: bool) -> Iterator[FileResult]:
    linter = _linter(pattern_set, config, keep_text)
    if jobs <= 1 or len(items) < 2 * CHUNK:
        frozen = False
        for result in linter.lint(_drafts(items, stdin_name)):
            if not frozen and linter.pipeline_built:
                gc.freeze()
                frozen = True
            yield result
        return
    global _parent
    _parent = (config, keep_text, linter)  # a forked worker has it already, pipeline and caches warm
    if _FORK is not None:  # the screen runs ahead in a process of its own while the pipeline is built
        from .parallel import lint_in_parallel

        rest = [read_stdin(stdin_name) if item == "-" else item for item in items]  # a worker's stdin is empty
        yield from lint_in_parallel(rest, linter, jobs, stdin_name, _start_worker, (config, keep_text))
        return
    yield from _spread(items, config, linter, stdin_name, jobs, keep_text)


def _spread(items: list[str | InputError], config: Config, linter, stdin_name: str, jobs: int,
            keep_text: bool) -> Iterator[FileResult]:
    """Where workers are spawned, not forked: files are linted here one at a time until one needs the
    spaCy pipeline (which builds it), and the rest is spread over the workers, which build their own."""
    # Only until the pipeline is built (at most a chunk's worth of files, one at a time): the other
    # processes wait for the start, and it waits for the pipeline, if any file needs it.
    here = _UntilPipeline(items[:CHUNK], linter)
    for part in here:
        yield from linter.lint(_drafts(part, stdin_name))
    # standard input is read here: a worker's is empty (multiprocessing closes it)
    rest = [read_stdin(stdin_name) if item == "-" else item for item in items[here.handed_out:]]
    gc.freeze()  # its warm caches too: a worker's collector leaves them alone, and their pages are not copied
    with ProcessPoolExecutor(jobs, mp_context=_FORK, initializer=_start_worker, initargs=(config, keep_text)) as pool:
        chunks = _chunks(rest, jobs)
        for results in pool.map(_lint_chunk, chunks, [stdin_name] * len(chunks)):
            yield from results


class _UntilPipeline:
    """The items, one at a time (each linted alone), until the linter has built its pipeline;
    ``handed_out`` says how many were."""

    def __init__(self, items: list[str | InputError], linter) -> None:
        self.items, self.linter, self.handed_out = items, linter, 0

    def __iter__(self) -> Iterator[list[str | InputError]]:
        for item in self.items:
            if self.linter.pipeline_built:
                return
            self.handed_out += 1
            yield [item]


def _chunks(items: list[str | InputError], jobs: int) -> list[list[str | InputError]]:
    """Tasks for the workers: CHUNK files each, the last 2 * jobs * CHUNK files in TAIL_CHUNKs."""
    body = max(0, len(items) - 2 * jobs * CHUNK) // CHUNK * CHUNK
    return ([items[i : i + CHUNK] for i in range(0, body, CHUNK)]
            + [items[i : i + TAIL_CHUNK] for i in range(body, len(items), TAIL_CHUNK)])


def _linter(pattern_set: PatternSet, config: Config, keep_text: bool = False):
    from .linter import Linter

    return Linter(pattern_set, config.settings, settings_for=config.settings_for, keep_text=keep_text,
                  screen=config.screen)


def _drafts(items: list[str | InputError | Inline | Failed], stdin_name: str) -> Iterator:
    for item in items:
        if isinstance(item, InputError):
            yield item
            continue
        if isinstance(item, Inline | Failed):  # standard input, read before the workers started
            yield from item.drafts()
            continue
        name = stdin_name if item == "-" else item
        try:
            read = read_or_archive(item)  # (a file opened once, to tell an mbox and to read it)
        except InputError as error:
            yield InputError(name, error.problem)
            continue
        if isinstance(read, str):  # an mbox or a Maildir: one message at a time, never the whole archive
            yield from archive_drafts(item, read)
            continue
        try:
            yield from load_drafts(name, read)
        except InputError as error:
            yield InputError(name, error.problem)


_worker_linter = None
_parent: tuple | None = None  # (Config, keep_text, Linter) of the process that started the pool
# Workers are forked where the platform can (Linux, macOS): a forked worker starts in no time with its
# parent's linter; elsewhere they are spawned and build their own.
_FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def _start_worker(config: Config, keep_text: bool) -> None:
    """A worker's linter: the parent's, when the worker was forked from it (no second reading of the
    pattern files, no second spaCy pipeline), else built here."""
    global _worker_linter
    inherited = _parent
    if inherited is not None and inherited[0] == config and inherited[1] == keep_text:
        _worker_linter = inherited[2]
    else:
        _worker_linter = _linter(load_patterns(extra_dirs=config.extra_patterns), config, keep_text)


def _lint_chunk(items: list[str | InputError], stdin_name: str) -> list[FileResult]:
    return list(islice(_worker_linter.lint(_drafts(items, stdin_name)), None))
