"""``--jobs N``: the inputs linted by N processes, none of them waiting while spaCy loads.

Linting a draft is two kinds of work: reading and screening it (screen.py, no spaCy), and, for the
drafts the screen lets through, the spaCy pipeline. Building the pipeline (importing spaCy with it)
takes about a second, which one process alone would spend before any worker could start. So:

1. One screening process, forked at once (before spaCy is imported), reads and screens every input
   in order, SCREEN_CHUNK at a time (an mbox or a Maildir part by part: MESSAGES_PER_PART messages).
   A draft the screen rules out, and an input that cannot be read, get their results there; the other
   drafts come back as they are. Until one of them needs the pipeline, this process screens every
   N-th chunk itself.
2. When the first draft needs the pipeline, this process builds it, while the screen goes on, and
   forks N - 1 pipeline workers, which start with it, the pattern set and their caches. They lint
   the drafts the screen let through, PIPELINE_CHUNK at a time.
3. When the screen is done (or is far enough ahead that it waits), its core is free: one more
   pipeline worker is forked.

So N processes do the work at any time, each on its own core (this one, once the pipeline is built,
only hands it out): more would cost more CPU than they give (measured: three busy processes on two
cores lose about a tenth to each other's caches). The results come back in input order, and are
those of one process: the same linter, with the same settings and screen, decides every draft. Every
stage runs a bounded number of tasks ahead of the results handed out, so memory stays flat over any
number of inputs. Standard input is read by this process before any fork: a worker's is closed.

Where the platform cannot fork, the workers are spawned and build their own linter (and pipeline).
"""
from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import dataclass

from .config import Config
from .draft import Draft
from .finding import FileResult
from .patterns import load_patterns
from .runner import new_linter, read_input
from .sources import InputError
from .sources.archive import MaildirPart, MboxPart, archive_kind, archive_parts

SCREEN_CHUNK = 64  # inputs per screening task
SCREEN_AHEAD = 64  # screening tasks out at once
PIPELINE_CHUNK = 64  # screened drafts per pipeline task
PER_WORKER = 2  # pipeline tasks out at once per worker: one running, one next
MAX_WAITING = 64  # pipeline tasks ready but not handed out: past that, the screen is far enough ahead
MAX_PENDING = 50_000  # results known but not handed out (waiting for an earlier one): past that, the same

# Workers are forked where the platform can (Linux, macOS): a forked worker starts in no time with its
# parent's linter; elsewhere they are spawned and build their own.
_FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


@dataclass(frozen=True, slots=True)
class ReadHere:
    """Standard input, read by this process before any worker starts: a worker's is closed (multiprocessing
    gives it an empty one), and "-" read there would be linted as an empty draft."""

    drafts: tuple[Draft | InputError, ...]


Input = str | InputError | ReadHere | MboxPart | MaildirPart


@dataclass(frozen=True, slots=True)
class ArchiveFound:
    """What the screen says of an mbox or a Maildir in its chunk: screen these next, in this order (its
    parts, its error if it could not be read to the end, then the chunk's inputs after it)."""

    next: tuple[tuple[Input, ...], ...]


class _Task:
    """A pipeline task: its entries, and its future once handed out."""

    __slots__ = ("entries", "future")

    def __init__(self) -> None:
        self.entries: list[Draft] = []
        self.future: Future | None = None


class _Workers:
    """A pool of pipeline workers and the tasks it has in hand."""

    def __init__(self, executor: Executor, size: int) -> None:
        self.executor, self.size = executor, size
        self.in_hand: list[_Task] = []

    def has_room(self) -> bool:
        self.prune()
        return len(self.in_hand) < PER_WORKER * self.size

    def prune(self) -> None:
        """Forget the tasks that are done (their results are read through their places)."""
        self.in_hand = [task for task in self.in_hand if not task.future.done()]

    def hand(self, task: _Task) -> None:
        task.future = self.executor.submit(_lint, task.entries)
        self.in_hand.append(task)


def lint_in_stages(items: list[str | InputError], linter, config: Config, keep_text: bool, stdin_name: str,
                   jobs: int) -> Iterator[FileResult]:
    """The results of ``items`` (paths, "-", path errors) in input order, linted by ``jobs`` processes."""
    run = _Run(items, linter, config, keep_text, stdin_name, jobs)
    with ExitStack() as pools:
        run.pools = pools
        yield from run.results()


class _Run:
    """One ``--jobs`` run: its queues, and the scheduling of its stages."""

    def __init__(self, items: list[str | InputError], linter, config: Config, keep_text: bool, stdin_name: str,
                 jobs: int) -> None:
        inputs: list[Input] = [ReadHere(tuple(read_input(item, stdin_name))) if item == "-" else item
                               for item in items]
        self.linter, self.config, self.keep_text = linter, config, keep_text
        self.stdin_name, self.jobs = stdin_name, jobs
        self.unscreened = deque(inputs[i : i + SCREEN_CHUNK] for i in range(0, len(inputs), SCREEN_CHUNK))
        self.screening: deque[tuple[Future | None, list[Input]]] = deque()  # None: this process screens it
        self.places: deque[FileResult | tuple[_Task, int]] = deque()  # the results to come, in input order
        self.filling: _Task | None = None  # the pipeline task being filled
        self.waiting: deque[_Task] = deque()  # pipeline tasks ready, not handed out yet
        self.workers: list[_Workers] = []
        self.pools: ExitStack | None = None
        self.turn = 0

    def results(self) -> Iterator[FileResult]:
        global _parent
        _parent = (self.config, self.keep_text, self.linter)  # forked workers have it: no second pattern set
        gc.freeze()  # the pattern set: a worker's collector leaves it alone, and its pages are not copied
        self.screener = self._pool(1)
        self._screen_ahead(helping=True)
        while self.screening and not self.waiting and self.filling is None:  # 1. until a draft needs spaCy
            self._take_screened(helping=True)
            yield from _ready(self.places)
        if not (self.waiting or self.filling):
            return
        self.linter.nlp  # noqa: B018 - 2. built here, once, for every pipeline worker; the screen goes on
        gc.freeze()  # the pipeline and its vocabulary too
        self.screening = deque((self.screener.submit(_screen, chunk, self.stdin_name) if future is None else future,
                                chunk) for future, chunk in self.screening)  # this process screens no more
        self.workers.append(_Workers(self._pool(self.jobs - 1), self.jobs - 1))
        while self.screening or self.filling or self.waiting or any(w.in_hand for w in self.workers):
            self._screen_ahead(helping=False)
            self._hand_out()
            yield from _ready(self.places)
            for workers in self.workers:
                workers.prune()
            watched = [task.future for w in self.workers for task in w.in_hand]
            if self.screening and not self._far_ahead():
                watched.append(self.screening[0][0])
            if watched:  # (else what is waiting goes out on the next round: the workers have room)
                wait(watched, return_when=FIRST_COMPLETED)
            while self.screening and self.screening[0][0].done() and not self._far_ahead():
                self._take_screened(helping=False)
        yield from _ready(self.places, wait_for_all=True)

    def _pool(self, size: int) -> ProcessPoolExecutor:
        """``size`` worker processes, forked from this one as it is now; at the run's end (or on an
        error) their tasks not started are dropped and they are joined."""
        pool = ProcessPoolExecutor(size, mp_context=_FORK, initializer=_start_worker,
                                   initargs=(self.config, self.keep_text))
        self.pools.callback(pool.shutdown, wait=True, cancel_futures=True)
        return pool

    def _screen_ahead(self, helping: bool) -> None:
        """Hand the screen its next chunks (``helping``: every jobs-th kept for this process)."""
        while len(self.screening) < SCREEN_AHEAD and self.unscreened:
            chunk = self.unscreened.popleft()
            self.turn += 1
            here = helping and self.turn % self.jobs == 0
            self.screening.append((None if here else self.screener.submit(_screen, chunk, self.stdin_name), chunk))

    def _take_screened(self, helping: bool) -> None:
        """The oldest screening task's outcomes into their places (and pipeline tasks)."""
        future, chunk = self.screening.popleft()
        outcomes = _screen_with(self.linter, chunk, self.stdin_name) if future is None else future.result()
        for outcome in outcomes:
            if isinstance(outcome, FileResult):
                self.places.append(outcome)
            elif isinstance(outcome, ArchiveFound):  # (always the last): its parts are screened next
                self.screening.extendleft(reversed([(self.screener.submit(_screen, list(inputs), self.stdin_name),
                                                     list(inputs)) for inputs in outcome.next]))
            else:
                if self.filling is None:
                    self.filling = _Task()
                self.places.append((self.filling, len(self.filling.entries)))
                self.filling.entries.append(outcome)
                if len(self.filling.entries) >= PIPELINE_CHUNK:
                    self._close_filling()
        self._screen_ahead(helping)
        if not self.screening:
            self._close_filling()

    def _close_filling(self) -> None:
        if self.filling is not None:
            self.waiting.append(self.filling)
            self.filling = None

    def _far_ahead(self) -> bool:
        """Whether the screen is far enough ahead of the pipeline (or of the results handed out) to wait."""
        return len(self.waiting) >= MAX_WAITING or len(self.places) >= MAX_PENDING

    def _hand_out(self) -> None:
        """Ready tasks to workers with room; one more worker once the screen's core is free."""
        screen_idle = not self.screening or self._far_ahead()
        if screen_idle and len(self.workers) == 1:
            self.workers.append(_Workers(self._pool(1), 1))  # (the screen waits for the workers, or is done)
        if not self.waiting and self.filling and any(w.has_room() for w in self.workers):
            self._close_filling()  # the workers would wait for it: it goes as it is
        for workers in self.workers:
            while self.waiting and workers.has_room():
                workers.hand(self.waiting.popleft())


def _ready(places: deque, wait_for_all: bool = False) -> Iterator[FileResult]:
    """The results at the head of ``places`` that are known (``wait_for_all``: all of them)."""
    while places:
        head = places[0]
        if isinstance(head, FileResult):
            places.popleft()
            yield head
            continue
        task, index = head
        if task.future is None or not (wait_for_all or task.future.done()):
            return
        places.popleft()
        yield task.future.result()[index]


_worker_linter = None
_parent: tuple | None = None  # (Config, keep_text, Linter) of the process that started the workers


def _start_worker(config: Config, keep_text: bool) -> None:
    """A worker's linter: the parent's, when the worker was forked from it (no second reading of the
    pattern files, no second spaCy pipeline), else built here."""
    global _worker_linter
    inherited = _parent
    if inherited is not None and inherited[0] == config and inherited[1] == keep_text:
        _worker_linter = inherited[2]
    else:
        _worker_linter = new_linter(load_patterns(extra_dirs=config.extra_patterns), config, keep_text)


def _screen(items: list[Input], stdin_name: str) -> list[FileResult | Draft | ArchiveFound]:
    return _screen_with(_worker_linter, items, stdin_name)


def _screen_with(linter, items: list[Input], stdin_name: str) -> list[FileResult | Draft | ArchiveFound]:
    """Each input's results where no pipeline is needed, else its drafts; at an mbox or a Maildir, what
    to screen next instead of the rest of the chunk (ArchiveFound)."""
    outcomes: list[FileResult | Draft | ArchiveFound] = []
    for position, item in enumerate(items):
        kind = archive_kind(item) if isinstance(item, str) else None
        if kind:
            outcomes.append(ArchiveFound((*_parts(item, kind), tuple(items[position + 1 :]))))
            return outcomes
        if isinstance(item, MboxPart | MaildirPart | ReadHere):
            drafts = item.drafts() if not isinstance(item, ReadHere) else item.drafts
        else:
            drafts = read_input(item, stdin_name)
        for draft in drafts:
            outcomes.append(linter.without_pipeline(draft) or draft)
    return outcomes


def _parts(path: str, kind: str) -> list[tuple[Input, ...]]:
    """An archive's parts, one chunk each (the messages archive_drafts reads, in the same order), and the
    error that stopped its reading, if any (where archive_drafts reports it)."""
    chunks: list[tuple[Input, ...]] = []
    try:
        for part in archive_parts(path, kind):
            chunks.append((part,))
    except OSError as error:
        chunks.append((InputError(path, error.strerror or str(error)),))
    return chunks


def _lint(drafts: list[Draft]) -> list[FileResult]:
    """The results of drafts the screen let through, in order."""
    return list(_worker_linter.lint(drafts, prescreened=True))
