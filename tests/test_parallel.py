"""--jobs (parallel.py): the stages' scheduling, run here with in-process pools so that every path is
exercised deterministically; tests/test_scale_and_custom_rules.py and test_batch_screen.py run real
worker processes."""
from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import pytest

from mail_lint import parallel, runner
from mail_lint.config import Config
from mail_lint.draft import Draft

FOLLOW_UP = "Dear Ms. Park,\n\nThank you for the interview for the analyst role.\nI am so sorry I was nervous.\n"
CLEAN = "Hi Tom,\n\nThe invoice is attached.\n\nNadia\n"
MESSAGE = "From: Ada <ada@example.com>\nTo: Sam <sam@example.org>\nSubject: {subject}\n\n{body}"


class _Pending(Future):
    """A task's future that runs it when its result is asked for (or when the fake ``wait`` picks it)."""

    def __init__(self, function, args, meanwhile: bool = False) -> None:
        super().__init__()
        self.work = (function, args)
        self.meanwhile, self.looks = meanwhile, 0

    def done(self) -> bool:
        self.looks += 1
        if self.meanwhile and self.looks == 2:  # it ends on its own, between two looks at it
            self.run()
        return super().done()

    def run(self) -> None:
        if not self.done():
            function, args = self.work
            self.set_result(function(*args))

    def result(self, timeout=None):
        self.run()
        return super().result(timeout)


class InProcessPools:
    """Stands for ProcessPoolExecutor (and concurrent.futures.wait): the pools made are recorded, and the
    tasks run here: when submitted ("at once"); only when waited for, one at a time, oldest first, as
    slow workers would ("later": the scheduler then has tasks out while it screens and hands out); or
    on their own between two looks at them ("meanwhile": a task ends while the scheduler is busy)."""

    def __init__(self, mode: str) -> None:
        self.later, self.meanwhile = mode != "at once", mode == "meanwhile"
        self.sizes: list[int] = []
        self.linted: list[list] = []  # the drafts of every pipeline task
        self.screened: list[list] = []  # the inputs of every screening task
        self.pending: list[_Pending] = []

    def __call__(self, size, mp_context=None, initializer=None, initargs=()):
        self.sizes.append(size)
        initializer(*initargs)
        return self

    def submit(self, function, *args):
        if function is parallel._lint:
            self.linted.append(list(args[0]))
        if function is parallel._screen:
            self.screened.append(list(args[0]))
        future = _Pending(function, args, self.meanwhile)
        if self.later:
            self.pending.append(future)
        else:
            future.run()
        return future

    def wait(self, futures, timeout=None, return_when=None):
        self.pending = [future for future in self.pending if not future.done()]
        if self.pending and timeout != 0:
            self.pending.pop(0).run()

    def shutdown(self, wait=True, cancel_futures=False):
        pass


@pytest.fixture(params=["at once", "later", "meanwhile"])
def pools(monkeypatch, request) -> InProcessPools:
    recorder = InProcessPools(request.param)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", recorder)
    monkeypatch.setattr(parallel, "wait", recorder.wait)
    return recorder


def _inputs(folder, count: int) -> list:
    """``count`` drafts, one in four a follow-up, an mbox of both kinds, and a binary file."""
    for index in range(count):
        text = FOLLOW_UP if index % 4 == 1 else CLEAN.replace("invoice", f"invoice {index}")
        (folder / f"draft-{index:04}.txt").write_text(text, encoding="utf-8")
    with open(folder / "draft-0100.mbox", "w", encoding="utf-8") as mbox:
        for index, body in enumerate((CLEAN, FOLLOW_UP, CLEAN)):
            mbox.write("From ada@example.com Tue Mar  3 10:00:00 2026\n"
                       + MESSAGE.format(subject=f"Note {index}", body=body) + "\n")
    (folder / "draft-0200-binary.txt").write_bytes(b"\x00\x01binary")
    return runner.collect((str(folder),), Config(screen=True, include=("*.txt", "*.mbox")))


@pytest.mark.parametrize("jobs", [2, 3])
def test_the_stages_give_the_results_of_one_process_in_input_order(tmp_path, pattern_set, pools, jobs):
    items = _inputs(tmp_path, 300)
    config = Config(screen=True, include=("*.txt", "*.mbox"))
    staged = list(runner.lint_files(items, config, pattern_set, jobs=jobs))
    alone = list(runner.lint_files(items, config, pattern_set, jobs=1))
    assert staged == alone
    assert len(staged) == len(items) + 2  # the mbox's three messages
    assert pools.sizes == [1, jobs - 1, 1]  # the screen; the pipeline workers; one more once the screen is done


def test_only_what_the_screen_lets_through_reaches_the_pipeline_workers(tmp_path, pattern_set, pools):
    items = _inputs(tmp_path, 300)
    results = list(runner.lint_files(items, Config(screen=True, include=("*.txt", "*.mbox")), pattern_set, jobs=2))
    drafts = [draft for task in pools.linted for draft in task]
    assert all(isinstance(draft, Draft) for draft in drafts)
    files = [draft for draft in drafts if draft.path.endswith(".txt")]
    assert len(files) == 75 and all(draft.text == FOLLOW_UP for draft in files)
    assert [draft.path for draft in drafts if not draft.path.endswith(".txt")] == [f"{tmp_path}/draft-0100.mbox[2]"]
    assert all(len(task) <= parallel.PIPELINE_CHUNK for task in pools.linted)
    screened = [r for r in results if r.context is not None and r.context.screened]
    assert len(screened) + len(drafts) + 1 == len(results)  # + the binary file
    assert sum(1 for r in results if r.error and "binary" in r.error) == 1


def test_ordinary_mail_never_reaches_a_pipeline_stage(tmp_path, pattern_set, pools):
    for index in range(300):
        (tmp_path / f"note-{index:03}.txt").write_text(CLEAN.replace("invoice", f"invoice {index}"), encoding="utf-8")
    config = Config(screen=True)
    results = list(runner.lint_files(runner.collect((str(tmp_path),), config), config, pattern_set, jobs=2))
    assert len(results) == 300 and all(r.context.screened for r in results)
    assert pools.sizes == [1] and not pools.linted


def test_an_archive_is_screened_message_by_message_in_its_place(tmp_path, pattern_set, pools, monkeypatch):
    """An mbox of ordinary mail needs no pipeline either; its messages come in its place among the files,
    part by part, and a part never holds more than MESSAGES_PER_PART messages."""
    from mail_lint.sources import archive

    monkeypatch.setattr(archive, "MESSAGES_PER_PART", 4)
    monkeypatch.setattr(archive.archive_parts, "__defaults__", (4,))
    for index in range(300):
        (tmp_path / f"note-{index:03}.txt").write_text(CLEAN.replace("invoice", f"invoice {index}"), encoding="utf-8")
    with open(tmp_path / "note-150.mbox", "w", encoding="utf-8") as mbox:
        for index in range(10):
            mbox.write("From ada@example.com Tue Mar  3 10:00:00 2026\n"
                       + MESSAGE.format(subject=f"Minutes {index}", body=CLEAN) + "\n")
    config = Config(screen=True, include=("*.txt", "*.mbox"))
    items = runner.collect((str(tmp_path),), config)
    results = list(runner.lint_files(items, config, pattern_set, jobs=2))
    assert results == list(runner.lint_files(items, config, pattern_set, jobs=1))
    names = [Path(r.path).name for r in results]
    assert names[149:161] == ["note-149.txt", *(f"note-150.mbox[{i}]" for i in range(1, 11)), "note-150.txt"]
    parts = [item for chunk in pools.screened for item in chunk if isinstance(item, archive.MboxPart)]
    assert [part.count for part in parts] == [4, 4, 2]
    assert pools.sizes == [1] and not pools.linted


def test_the_same_results_when_every_window_is_tiny(tmp_path, pattern_set, pools, monkeypatch):
    """The screen far ahead of the pipeline, results held back by an earlier one: every limit reached."""
    for name, value in (("SCREEN_CHUNK", 3), ("SCREEN_AHEAD", 2), ("PIPELINE_CHUNK", 2), ("PER_WORKER", 1),
                        ("MAX_WAITING", 1), ("MAX_PENDING", 4)):
        monkeypatch.setattr(parallel, name, value)
    items = _inputs(tmp_path, 300)
    config = Config(screen=True, include=("*.txt", "*.mbox"))
    assert list(runner.lint_files(items, config, pattern_set, jobs=2)) == list(
        runner.lint_files(items, config, pattern_set, jobs=1))
    assert max(map(len, pools.linted)) <= 2


def test_fewer_inputs_than_worth_sharing_are_linted_in_one_process(tmp_path, pattern_set, pools):
    for index in range(runner.SHARED_FROM - 1):
        (tmp_path / f"draft-{index:03}.txt").write_text(FOLLOW_UP, encoding="utf-8")
    config = Config(screen=True)
    results = list(runner.lint_files(runner.collect((str(tmp_path),), config), config, pattern_set, jobs=2))
    assert len(results) == runner.SHARED_FROM - 1 and all(r.findings for r in results)
    assert pools.sizes == []
