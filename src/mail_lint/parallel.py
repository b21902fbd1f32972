"""``--jobs N`` where the platform can fork: no core waits while spaCy loads.

Linting an input is two kinds of work: reading and screening it (screen.py: no spaCy), and, for the
drafts the screen lets through, the spaCy pipeline. Importing spaCy and building the pipeline takes
most of a second, which one process alone would otherwise spend while the other cores wait. So:

1. **Screen.** A screening process, forked at once (before spaCy is imported), and this process take
   the inputs SCREEN_CHUNK at a time, in turn (a shared counter), and screen them. An input the
   screen rules out entirely, or that cannot be read, gets its results there. The others are pending:
   a plain-text file's drafts are sent as they are (cheaper than reading it again, within a budget of
   characters not linted yet); the others are read again where they are linted (a decoded draft
   carries an offset per character, costlier to send than to read). As soon as one is pending, this
   process builds
   the pipeline (the screen goes on meanwhile) and lints pending inputs, screening a chunk itself only
   when none is pending (so that ordinary mail is screened by two processes). With more than two
   jobs, ``jobs - 2`` pipeline workers are forked once the pipeline is built.
2. **Share.** When the screening process ends (every chunk taken, or far enough ahead of the results
   handed out: MAX_AHEAD inputs, so that memory stays flat over any number of inputs), its core is
   free, and what is pending is known. Helpers are forked from this process (one per core the screen
   held: the pipeline and its caches warm, the pending inputs and their drafts already in memory,
   nothing sent to them) and lint from the back of the pending inputs while this process lints from
   the front, until they meet (a shared pair of bounds). Chunks no one screened are linted here as
   one process would. A helper that dies leaves what it took to this process.

At most ``jobs`` processes are busy at any time: more would cost more than they give (measured:
three busy processes on two cores lose about a tenth to each other's caches). Every input is decided
by the same linter, with the same settings and screen, so the results are those of one process, and
they are handed out in input order. Named pipes, archives (mbox, Maildir) and standard input are not
screened ahead: they are read once, where they are linted.
"""
from __future__ import annotations

import gc
import heapq
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack
from functools import partial
from multiprocessing.connection import wait as wait_for

from . import runner
from .draft import Draft
from .finding import FileResult
from .sources import InputError, load_drafts
from .sources.archive import read_or_archive
from .units import Failed, Inline

SCREEN_CHUNK = 32  # inputs per screening turn
TASK = 64  # pending inputs per task handed to a worker (at most; MIN_TASK at least)
MIN_TASK = 8
TURN = 64  # pending inputs this process lints in one turn (the pipeline's batch: linter.BATCH_SIZE)
PER_WORKER = 2  # tasks out at once per worker: one running, the next waiting
SHARED = 128  # pending inputs when the screen ends, past which helpers are forked to lint from the back
MAX_AHEAD = 20_000  # inputs the screen may run ahead of the results handed out
WAIT = 0.05  # seconds this process waits for the screen when it has nothing to do
LAST_CHUNKS = 4  # chunks left to screen when this process shortens its turns (the screen ends within them)
RELAY_CHARS = 100_000  # a pending file's drafts are sent as they are up to this size, not read again ...
RELAY_BUDGET = 8_000_000  # ... while the drafts sent and not linted yet hold no more characters than this

Item = str | InputError | Inline | Failed
# (place in the input order, the input, whether the screen let all its drafts through, those drafts when
# sent by the screen: None, read them again)
Entry = tuple[int, Item, bool, "tuple[Draft, ...] | None"]


def lint_in_parallel(items: list[Item], linter, jobs: int, stdin_name: str, start_worker,
                     initargs: tuple) -> Iterator[FileResult]:
    """The results of ``items`` in input order, linted by ``jobs`` processes (this one included).
    ``start_worker(*initargs)`` sets up a forked pipeline worker (runner._start_worker)."""
    run = _Run(items, linter, jobs, stdin_name, start_worker, initargs)
    with ExitStack() as cleanup:
        yield from run.results(cleanup)


class _Run:
    def __init__(self, items: list[Item], linter, jobs: int, stdin_name: str, start_worker, initargs: tuple):
        self.items, self.linter, self.jobs, self.stdin_name = items, linter, jobs, stdin_name
        self.start_worker, self.initargs = start_worker, initargs
        self.chunks = (len(items) + SCREEN_CHUNK - 1) // SCREEN_CHUNK
        self.screened: set[int] = set()  # chunks whose outcomes are in
        self.known: dict[int, list[FileResult]] = {}  # place -> its results, until handed out
        self.pending: list[Entry] = []  # a heap: the lowest place first
        self.next_place = 0  # the next place to hand out
        self.pools: list[tuple[ProcessPoolExecutor, int]] = []
        self.out: list[Future] = []  # tasks handed to workers (each knows its pool: ``future.pool``)
        self.frozen = False  # the pipeline taken out of the collector's scans (once built)
        self.rest: list[Entry] | None = None  # once the screen has ended: the pending inputs, shared out
        self.bounds = None  # ... [the next from the front, the end of those left for the back]
        self.helpers: list = []  # (process, its results' pipe) of the helpers linting from the back
        self.sent_back: list[tuple[int, int]] = []  # the ranges of ``rest`` they sent the results of
        # shared with the screening process (a counter each process writes alone, or under the lock)
        self.claimed = _FORK.Value("q", 0)  # the next chunk to screen
        self.handed = _FORK.RawValue("q", 0)  # places handed out (the screen's distance is counted from it)
        self.sent = _FORK.RawValue("q", 0)  # characters of drafts the screen sent (written there only)
        self.taken = _FORK.RawValue("q", 0)  # ... of those taken to be linted (written here only)

    def results(self, cleanup: ExitStack) -> Iterator[FileResult]:
        reader, writer = _FORK.Pipe(duplex=False)
        _widen(writer)
        gc.freeze()  # the pattern set and the screen: the screening process's collector leaves them alone
        screener = _FORK.Process(target=_screen_ahead, args=(self, writer), daemon=True)
        screener.start()
        writer.close()
        cleanup.callback(_stop, screener)
        screening = True
        while True:
            if screening and not (screening := self._absorb(reader)):
                screener.join()
                self._unscreened_to_pending()
                self._share(cleanup)
            self._absorb_helpers()
            yield from self._ready()
            if self._has_pending():
                if screening and self.linter.pipeline_built:
                    self._start_pools(self.jobs - 2, cleanup)  # (none for two jobs)
                self._hand_out()
            if self._has_pending():
                self._lint_here(self._take(self._turn(screening)))
            elif screening and (chunk := self._claim()) is not None:
                self._screen_here(chunk)
            elif screening:
                reader.poll(WAIT)
            elif self.helpers:
                wait_for([reader for _, reader in self.helpers], WAIT if self.out else None)
            elif self.out:
                wait(self.out, return_when=FIRST_COMPLETED)
            else:
                break
            self._collect()
        yield from self._ready()

    def _turn(self, screening: bool) -> int:
        """How many pending inputs this process lints before it looks around again: fewer when the screen
        is about to end (its core is then handed to a helper at once), and towards the end."""
        if screening:
            return MIN_TASK * 2 if self.chunks - self.claimed.value <= LAST_CHUNKS else TURN
        return self._task_size(TURN)

    def _task_size(self, most: int) -> int:
        left = len(self.pending) if self.rest is None else self.bounds[1] - self.bounds[0]
        return max(MIN_TASK, min(most, left // (2 * PER_WORKER * self.jobs)))

    def _unscreened_to_pending(self) -> None:
        """Chunks no one screened (the screen stopped ahead, or was killed): linted as one process would."""
        for chunk in range(self.chunks):
            if chunk not in self.screened:
                for place in range(chunk * SCREEN_CHUNK, min((chunk + 1) * SCREEN_CHUNK, len(self.items))):
                    heapq.heappush(self.pending, (place, self.items[place], False, None))

    # --- the share: what is pending when the screen ends, linted from both ends -----------------------

    def _share(self, cleanup: ExitStack) -> None:
        """The pending inputs, now known, in order (``rest``): this process (and its pool) takes them from
        the front, helpers forked now (one per core the screen held: the pipeline and its caches warm,
        the inputs and their drafts already in memory) from the back, until they meet (``bounds``)."""
        helpers = self.jobs - 1 - self._workers()
        if len(self.pending) <= SHARED or helpers <= 0:
            return  # (a little: linted here, in turns)
        self.rest = sorted(self.pending)
        self.pending = []
        self.bounds = _FORK.Array("q", [0, len(self.rest)])  # the next input from the front; the end of the back
        gc.freeze()
        for _ in range(helpers):
            reader, writer = _FORK.Pipe(duplex=False)
            _widen(writer)
            helper = _FORK.Process(target=_lint_from_the_back, args=(self, writer), daemon=True)
            helper.start()
            writer.close()
            cleanup.callback(_stop, helper)
            self.helpers.append((helper, reader))

    def _absorb_helpers(self) -> None:
        """The helpers' results so far; once every helper has ended, what a killed one took and did not
        send goes back to the pending inputs (linted here)."""
        for helper, reader in list(self.helpers):
            try:
                while reader.poll():
                    message = reader.recv()
                    if message is None:
                        raise EOFError
                    start, end, done = message
                    self.sent_back.append((start, end))
                    self.known.update(done)
            except (EOFError, OSError):  # it is done (None), or was killed (what it took is found below)
                helper.join()
                reader.close()
                self.helpers.remove((helper, reader))
        if self.rest is not None and not self.helpers:
            covered = sorted(self.sent_back)
            back, lost = self.bounds[1], []
            for start, end in covered:  # the back ranges taken, from ``bounds[1]`` on: the gaps were lost
                lost += self.rest[back:start]
                back = max(back, end)
            lost += self.rest[back:]
            for entry in self.rest[self.bounds[0] : self.bounds[1]] + lost:
                heapq.heappush(self.pending, entry)
            self.rest = None

    def _workers(self) -> int:
        return sum(size for _, size in self.pools)

    def _has_pending(self) -> bool:
        return bool(self.pending) or (self.rest is not None and self.bounds[0] < self.bounds[1])

    # --- the screen ---------------------------------------------------------------------------------

    def _claim(self, ahead_stops: bool = False) -> int | None:
        """The next chunk to screen, taken from the shared counter: None when all are taken (or, with
        ``ahead_stops``, the screening process's, when it is MAX_AHEAD inputs ahead of the results
        handed out)."""
        with self.claimed.get_lock():
            chunk = self.claimed.value
            if chunk >= self.chunks or (ahead_stops and chunk * SCREEN_CHUNK - self.handed.value >= MAX_AHEAD):
                return None
            self.claimed.value = chunk + 1
        return chunk

    def _screen_here(self, chunk: int) -> None:
        self._take_outcomes(chunk, _screen_chunk(self, chunk, send=False))  # (drafts kept here: read again)

    def _absorb(self, reader) -> bool:
        """The screening process's outcomes so far; False once it has ended."""
        try:
            while reader.poll():
                message = reader.recv()
                if message is None:
                    reader.close()
                    return False
                self._take_outcomes(*message)
        except (EOFError, OSError):  # it ended without a word (killed): what it did not send is redone
            reader.close()
            return False
        return True

    def _take_outcomes(self, chunk: int, outcomes: list) -> None:
        first = chunk * SCREEN_CHUNK
        for place, outcome in enumerate(outcomes, first):
            if isinstance(outcome, bool):
                heapq.heappush(self.pending, (place, self.items[place], outcome, None))
            elif isinstance(outcome, tuple):
                heapq.heappush(self.pending, (place, self.items[place], True, outcome))
            else:
                self.known[place] = outcome
        self.screened.add(chunk)

    # --- the pipeline -------------------------------------------------------------------------------

    def _take_from_the_back(self) -> tuple[int, int] | None:
        """A helper's next task: the range of ``rest`` it takes from the back (None: the front is reached)."""
        with self.bounds.get_lock():
            start, end = self.bounds[0], self.bounds[1]
            if start >= end:
                return None
            start = self.bounds[1] = max(start, end - self._task_size(TASK))
        return start, end

    def _take(self, size: int) -> list[Entry]:
        """The next ``size`` pending inputs (from the front, while helpers take from the back)."""
        if self.rest is not None:
            with self.bounds.get_lock():
                start = self.bounds[0]
                end = self.bounds[0] = min(start + size, self.bounds[1])
            return self.rest[start:end]
        entries = [heapq.heappop(self.pending) for _ in range(min(size, len(self.pending)))]
        self.taken.value += sum(len(draft.text) for *_, sent in entries if sent for draft in sent)
        return entries

    def _lint_here(self, entries: list[Entry]) -> None:
        for place, results in lint_entries(self.linter, entries, self.stdin_name):
            self.known[place] = results
        if not self.frozen and self.linter.pipeline_built:
            gc.freeze()  # the pipeline and its vocabulary: left alone by every collector from now on
            self.frozen = True

    def _start_pools(self, total: int, cleanup: ExitStack) -> None:
        """Workers forked from this process as it is now, up to ``total`` in all."""
        size = total - self._workers()
        if size <= 0:
            return
        gc.freeze()  # (a worker's collector leaves alone what it inherits, and does not copy its pages)
        pool = ProcessPoolExecutor(size, mp_context=_FORK, initializer=self.start_worker, initargs=self.initargs)
        cleanup.callback(pool.shutdown, wait=True, cancel_futures=True)
        self.pools.append((pool, size))

    def _hand_out(self) -> None:
        """Pending inputs to the workers with room: PER_WORKER tasks each, of TASK inputs, fewer towards
        the end (so that the workers end within a few inputs of each other)."""
        for index, (pool, size) in enumerate(self.pools):
            room = PER_WORKER * size - sum(1 for future in self.out if future.pool == index)
            while room > 0 and self._has_pending():
                future = pool.submit(_lint_in_worker, self._take(self._task_size(TASK)), self.stdin_name)
                future.pool = index
                self.out.append(future)
                room -= 1

    def _collect(self) -> None:
        """The results of the workers' finished tasks (each task's entries know their places)."""
        for future in [future for future in self.out if future.done()]:
            self.out.remove(future)
            for place, results in future.result():
                self.known[place] = results

    def _ready(self) -> Iterator[FileResult]:
        known = self.known
        while self.next_place in known:
            yield from known.pop(self.next_place)
            self.next_place += 1
        self.handed.value = self.next_place


def lint_entries(linter, entries: list[Entry], stdin_name: str) -> list[tuple[int, list[FileResult]]]:
    """Each entry's results: its input read (again), the drafts the screen let through linted without
    being screened a second time, the others as usual. The drafts of a task go through the pipeline
    together (in its batches)."""
    done: dict[int, list[FileResult]] = {entry[0]: [] for entry in entries}  # (an empty mbox has none)
    for prescreened in (True, False):
        group = [(place, item, sent) for place, item, flag, sent in entries if flag is prescreened]
        places: list[int] = []  # the place of each draft, as it is read (an archive's, one at a time)

        def drafts(group=group, places=places):
            for place, item, sent in group:
                for draft in sent or runner._drafts([item], stdin_name):
                    places.append(place)
                    yield draft

        for number, result in enumerate(linter.lint(drafts(), prescreened=prescreened)):
            done[places[number]].append(result)
    return list(done.items())


def _lint_from_the_back(run: _Run, writer) -> None:
    """A helper: tasks taken from the back of the pending inputs (``run.rest``, in memory since the fork)
    until the front is reached; each task's results sent as they are known."""
    _serve(writer, ((start, end, lint_entries(run.linter, run.rest[start:end], run.stdin_name))
                    for start, end in iter(run._take_from_the_back, None)))


def _lint_in_worker(entries: list[Entry], stdin_name: str) -> list[tuple[int, list[FileResult]]]:
    return lint_entries(runner._worker_linter, entries, stdin_name)


def _screen_ahead(run: _Run, writer) -> None:
    """The screening process: chunks, in turn with the parent, until all are taken or it is MAX_AHEAD
    inputs ahead of the results handed out; each chunk's outcomes sent as they are known."""
    _serve(writer, ((chunk, _screen_chunk(run, chunk)) for chunk in iter(partial(run._claim, True), None)))


def _serve(writer, messages: Iterator) -> None:
    """A forked process's whole life: each message sent as it is made, then None (one that ends without
    it died: the parent redoes what it had taken). It ends without the interpreter's tear-down: nothing
    of the parent's (its pipeline, if any) is this process's to free."""
    try:
        for message in messages:
            writer.send(message)
        writer.send(None)
    finally:
        writer.close()
        os._exit(0)


def _screen_chunk(run: _Run, chunk: int, send: bool = True) -> list[list[FileResult] | bool | tuple[Draft, ...]]:
    """Per input of the chunk: its results when no draft of it needs the pipeline; else, when the screen
    let all its drafts through (they are not screened again), those drafts (``send``), if they are cheap
    to send (plain text: no offsets into a decoded file, RELAY_CHARS at most) and the drafts sent but
    not linted yet are within RELAY_BUDGET, or True (read them again); else False (read and lint it as
    usual)."""
    outcomes: list[list[FileResult] | bool | tuple[Draft, ...]] = []
    linter = run.linter
    for item in run.items[chunk * SCREEN_CHUNK : (chunk + 1) * SCREEN_CHUNK]:
        drafts = _read_to_screen(item)
        if drafts is None:
            outcomes.append(False)
            continue
        decided = [linter.without_pipeline(draft) for draft in drafts]
        if all(result is not None for result in decided):
            outcomes.append(decided)
        elif any(result is not None for result in decided):
            outcomes.append(False)
        elif send and _cheap_to_send(drafts, run):
            outcomes.append(tuple(drafts))
            run.sent.value += sum(len(draft.text) for draft in drafts)
        else:
            outcomes.append(True)
    return outcomes


def _cheap_to_send(drafts: list[Draft], run: _Run) -> bool:
    size = sum(len(draft.text) for draft in drafts)
    return (size <= RELAY_CHARS and run.sent.value + size - run.taken.value <= RELAY_BUDGET
            and all(draft.offset_map is None for draft in drafts))


def _read_to_screen(item: Item) -> list[Draft | InputError] | None:
    """The drafts of an input that can be read here and read again where it is linted: a regular file
    that is not an archive (or an input error). None for the others (standard input, a named pipe, an
    mbox, a Maildir), which are read once, where they are linted."""
    if isinstance(item, InputError):
        return [item]
    if not isinstance(item, str) or item == "-" or not os.path.isfile(item):
        return None
    try:
        read = read_or_archive(item)  # (an mbox: only its start read here)
        return None if isinstance(read, str) else list(load_drafts(item, read))
    except InputError as error:
        return [InputError(item, error.problem)]


def _widen(writer) -> None:
    """A larger pipe, where the platform allows: the screen does not wait for this process to read."""
    try:
        import fcntl

        fcntl.fcntl(writer.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError, ValueError):
        pass


def _stop(process) -> None:
    if process.is_alive():
        process.terminate()
    process.join()


_FORK = runner._FORK  # the screening process and the workers are forked (elsewhere runner._spread is used)
