"""Linting on a Dask cluster: ``mail-lint --dask-scheduler tcp://HOST:PORT PATHS...``.

The client (this process) lists the inputs and cuts them into units (``mail_lint.units``: batches of
files, ranges of an archive's messages); each unit is one Dask task, which lints it with a public
``Linter`` shipped by pickle. A worker process builds the spaCy pipeline on its first task and keeps it
(``mail_lint.api`` keeps one per configuration per process). Results come back in input order, a
bounded number of tasks ahead, so the report is rendered exactly as in a local run.

Workers read the files themselves: they must see the same file system at the same absolute paths
(a shared volume, NFS, a Kubernetes PersistentVolume); only standard input is sent as bytes. Workers
need mail-lint installed, the same version with the same pattern files: both are checked when the
client connects. A task lost with a worker is run again by Dask; an input the worker cannot read is
that input's error, as locally; a task that fails for good reports each of its inputs as an error.

``distributed`` is imported only here, only when asked for: ``pip install 'mail-lint[dask]'``.
"""
from __future__ import annotations

import hashlib
import os
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from . import __version__
from . import units as units_module
from .api import Linter
from .config import Config
from .finding import FileResult
from .sources import InputError, archive
from .units import Failed, Unit, plan

ENV_SCHEDULER = "MAIL_LINT_DASK_SCHEDULER"
CONNECT_TIMEOUT = 30  # seconds to reach the scheduler, and again for a first worker to be there
TASKS_PER_THREAD = 4  # tasks in flight per worker thread: enough to keep each busy, few to hold
_lint_lock = threading.Lock()  # a worker with several threads lints one unit at a time per process


class ClusterError(Exception):
    """The cluster cannot be used; ``str()`` is the one line shown to the user."""


def lint_on_cluster(address: str, items: Iterable[str | InputError], config: Config, stdin_name: str = "<stdin>",
                    progress: Callable[[int], None] | None = None, keep_text: bool = False) -> Iterator[FileResult]:
    """Connect now (``ClusterError`` if the cluster cannot be used), then lint lazily, in input order."""
    config = replace(config, extra_patterns=tuple(path.resolve() for path in config.extra_patterns))
    client = _connect(address, config)
    units = plan(items, stdin_name, files_per_unit=units_module.FILES_PER_UNIT,
                 messages_per_part=archive.MESSAGES_PER_PART)
    return _results(client, Linter(config, keep_text=keep_text), units, progress)


def _connect(address: str, config: Config):
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--dask-scheduler needs Dask: pip install 'mail-lint[dask]'") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {_one_line(error)}") from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        _check_workers(client, address, config)
    except BaseException as error:
        client.close()
        if isinstance(error, ClusterError):
            raise
        if isinstance(error, (OSError, TimeoutError)):
            raise ClusterError(f"no Dask worker joined the scheduler at {address} within {CONNECT_TIMEOUT} s") from None
        raise ClusterError(f"the Dask workers at {address} cannot run mail-lint: {_one_line(error)}") from None
    return client


def _check_workers(client, address: str, config: Config) -> None:
    expected = worker_identity(tuple(str(p) for p in config.extra_patterns))
    for worker, identity in client.run(worker_identity, tuple(str(p) for p in config.extra_patterns)).items():
        if identity != expected:
            version, _ = identity
            what = f"mail-lint {version}" if version != __version__ else "other pattern files"
            raise ClusterError(f"the Dask worker {worker} has {what} than this mail-lint {__version__}; "
                               "workers need the same version and patterns")


def worker_identity(extra_patterns: tuple[str, ...]) -> tuple[str, str]:
    """(mail-lint version, a digest of the pattern files) as this process sees them."""
    from pathlib import Path

    from .patterns import builtin_patterns_dir

    digest = hashlib.sha256()
    for folder in (builtin_patterns_dir(), *map(Path, extra_patterns)):
        for path in sorted(Path(folder).glob("*.yaml")):
            digest.update(path.name.encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"<unreadable>")
    return __version__, digest.hexdigest()


def lint_unit(linter: Linter, unit: Unit, folder: str) -> list[FileResult]:
    """The task a worker runs: one unit, linted with this process's pipeline for ``linter``'s configuration.

    Inputs are read at absolute paths, but per-path settings match the names as given, which are relative
    to the client's working folder: the unit is linted in that folder when the worker has it."""
    with _lint_lock:
        before = os.getcwd()
        moved = folder != before and os.path.isdir(folder)
        if moved:
            os.chdir(folder)
        try:
            return list(linter.lint_unit(unit))
        finally:
            if moved:
                os.chdir(before)


def _results(client, linter: Linter, units: Iterator[Unit], progress) -> Iterator[FileResult]:
    run = uuid.uuid4().hex[:12]
    folder = os.getcwd()
    window = max(2, TASKS_PER_THREAD * sum(client.nthreads().values()))
    pending: deque = deque()
    done = 0
    try:
        for index, unit in enumerate(units):
            if isinstance(unit, Failed):  # nothing to lint: reported in its place
                pending.append((unit, None))
            else:
                pending.append((unit, client.submit(lint_unit, linter, unit, folder, key=f"mail-lint-{run}-{index}",
                                                    pure=False, retries=1)))
            while len(pending) > window or (pending and pending[0][1] is None):
                for result in _collect(*pending.popleft()):
                    yield result
                    done += 1
                if progress:
                    progress(done)
        while pending:
            for result in _collect(*pending.popleft()):
                yield result
                done += 1
            if progress:
                progress(done)
    finally:
        for _, future in pending:
            if future is not None:
                future.cancel()
        client.close()


def _collect(unit: Unit, future) -> list[FileResult]:
    if future is None:
        return [FileResult(path=unit.error.path, error=str(unit.error))]
    try:
        return future.result()
    except Exception as error:  # the task failed for good (a worker lost too often, a broken install)
        problem = f"not linted: the Dask task failed ({_one_line(error)})"
        return [FileResult(path=name, error=f"{name}: {problem}") for name in unit.names()]


def _one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
