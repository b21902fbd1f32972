"""--jobs where the platform forks (parallel.py): a screening process runs ahead while the pipeline is
built, workers are forked once it ends; whatever happens to the screen, the results are those of one
process, in input order. Real processes throughout (the screen and the workers are forked)."""
from __future__ import annotations

import os
from email.message import EmailMessage
from pathlib import Path

import pytest

from mail_lint import parallel, runner
from mail_lint.config import Config
from mail_lint.draft import Draft
from mail_lint.linter import Linter
from mail_lint.sources import InputError

pytestmark = pytest.mark.skipif(parallel._FORK is None, reason="the staged --jobs needs fork")

ORDINARY = "Hi Sam,\n\nThe minutes of {day}'s planning call are in the shared folder.\n\nThanks,\nLee\n"
FOLLOW_UP = ("Dear Ms Okafor,\n\nThank you so much for the interview on {day}. I am sorry I was so nervous;\n"
             "my bus broke down on the way. Could you tell me what I could have done better?\n\nBest,\nRui\n")


def _eml(body: str, html: bool = False) -> bytes:
    mail = EmailMessage()
    mail["From"] = "Rui Costa <rui@example.org>"
    mail["To"] = "Ada Okafor <ada@example.com>"
    mail["Subject"] = "Following up"
    if html:
        mail.set_content(body)
        mail.add_alternative("<p>" + body.replace("\n\n", "</p><p>") + "</p>", subtype="html")
    else:
        mail.set_content(body, cte="quoted-printable")
    return bytes(mail)


def _mbox(bodies: list[str]) -> bytes:
    return b"".join(b"From rui@example.org Tue Mar  3 10:00:00 2026\n" + _eml(body) + b"\n" for body in bodies)


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory) -> Path:
    """Enough files for --jobs to fork (past runner.CHUNK * 2), of every kind the screen treats apart:
    ordinary mail (decided by the screen), plain follow-ups (their drafts sent as they are), encoded and
    HTML follow-ups (read again where linted), an mbox (not screened ahead), an unreadable file."""
    folder = tmp_path_factory.mktemp("mixed")
    for index in range(420):
        day = f"day {index}"
        kind = index % 10
        if kind == 3:
            (folder / f"m{index:03}.txt").write_text(FOLLOW_UP.format(day=day), encoding="utf-8")
        elif kind == 5:
            (folder / f"m{index:03}.eml").write_bytes(_eml(FOLLOW_UP.format(day=day), html=index % 20 == 5))
        elif kind == 7 and index % 70 == 7:
            (folder / f"m{index:03}.mbox").write_bytes(_mbox([FOLLOW_UP.format(day=day), ORDINARY.format(day=day)]))
        elif kind == 9 and index % 90 == 9:
            (folder / f"m{index:03}.txt").write_bytes(b"\x00\x01binary" * 10)
        else:
            (folder / f"m{index:03}.txt").write_text(ORDINARY.format(day=day), encoding="utf-8")
    return folder


def _lint(folder: Path, jobs: int, pattern_set, extra: tuple = ()) -> list:
    config = Config(screen=True)
    items = runner.collect((str(folder), *extra), config)
    return list(runner.lint_files(items, config, pattern_set, jobs=jobs))


@pytest.mark.parametrize("shared", [parallel.SHARED, 8])
def test_two_jobs_give_the_results_of_one_process_in_order(mixed_folder, pattern_set, monkeypatch, shared):
    """(With 8: what is pending when the screen ends is shared with helpers linting from the back.)"""
    monkeypatch.setattr(parallel, "SHARED", shared)
    one = _lint(mixed_folder, 1, pattern_set)
    two = _lint(mixed_folder, 2, pattern_set)
    assert two == one
    assert sum(1 for r in one if r.findings) >= 80  # follow-ups of every kind were linted, not only screened
    assert sum(1 for r in one if r.context is not None and r.context.screened) >= 250
    assert any(r.error for r in one)  # the binary file's error, in its place
    three = _lint(mixed_folder, 3, pattern_set)  # a worker beside the screen, then three
    assert three == one


def test_a_screen_that_dies_leaves_its_inputs_to_the_workers(mixed_folder, pattern_set, monkeypatch):
    """The screening process killed after its first chunk (no word sent after it): every input it did not
    report is linted as one process would, and nothing is lost or doubled."""
    original = parallel._screen_chunk
    here = os.getpid()
    calls = []

    def dies_after_one(run, chunk, send=True):
        if os.getpid() != here and calls:  # the screening process, at its second chunk
            os._exit(3)
        calls.append(chunk)
        return original(run, chunk, send)

    monkeypatch.setattr(parallel, "_screen_chunk", dies_after_one)
    assert _lint(mixed_folder, 2, pattern_set) == _lint(mixed_folder, 1, pattern_set)


def test_a_helper_that_dies_leaves_what_it_took_to_this_process(mixed_folder, pattern_set, monkeypatch):
    """A helper killed in its first task (it took inputs from the back and sent nothing): this process
    lints them once the other helpers are done, and nothing is lost or doubled."""
    monkeypatch.setattr(parallel, "SHARED", 8)
    original = parallel.lint_entries
    here = os.getpid()
    helpers = []

    def dies_in_a_helper(linter, entries, stdin_name):
        if os.getpid() != here:
            helpers.append(os.getpid())
            os._exit(3)
        return original(linter, entries, stdin_name)

    monkeypatch.setattr(parallel, "lint_entries", dies_in_a_helper)
    run = parallel._Run
    shares = []
    real_share = run._share

    def share(self, cleanup):
        real_share(self, cleanup)
        shares.append(len(self.helpers))

    monkeypatch.setattr(run, "_share", share)
    assert _lint(mixed_folder, 2, pattern_set) == _lint(mixed_folder, 1, pattern_set)
    assert shares == [1]  # a helper was started (and died): its inputs were linted here


def test_a_screen_far_ahead_stops_and_the_rest_is_linted_as_usual(mixed_folder, pattern_set, monkeypatch):
    monkeypatch.setattr(parallel, "MAX_AHEAD", parallel.SCREEN_CHUNK)  # it stops after a chunk or two
    assert _lint(mixed_folder, 2, pattern_set) == _lint(mixed_folder, 1, pattern_set)


def test_only_regular_files_are_screened_ahead(tmp_path):
    """Standard input, a named pipe and an archive are read once, where they are linted: reading them
    to screen them would eat them (or, for an archive, read every message into memory)."""
    plain = tmp_path / "note.txt"
    plain.write_text(ORDINARY.format(day="Monday"), encoding="utf-8")
    mbox = tmp_path / "box.txt"
    mbox.write_bytes(_mbox([ORDINARY.format(day="Monday")]))
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    error = InputError("gone.txt", "no such file or directory")
    assert parallel._read_to_screen(str(plain))[0].text.startswith("Hi Sam")
    assert parallel._read_to_screen(error) == [error]
    for once in ("-", str(pipe), str(mbox), str(tmp_path)):
        assert parallel._read_to_screen(once) is None


def test_the_screen_decides_sends_or_leaves_each_input(tmp_path, pattern_set):
    files = {
        "ordinary.txt": ORDINARY.format(day="Monday").encode(),
        "plain.txt": FOLLOW_UP.format(day="Monday").encode(),  # sent as it is: cheap to send
        "html.eml": _eml(FOLLOW_UP.format(day="Monday"), html=True),  # offsets into the file: read again
        "binary.txt": b"\x00\x01\x02" * 20,
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    items = [str(tmp_path / name) for name in files] + ["-"]
    run = parallel._Run(items, runner._linter(pattern_set, Config(screen=True)), 2, "<stdin>", None, ())
    ordinary, plain, html, binary, stdin = parallel._screen_chunk(run, 0)
    assert [r.context.screened for r in ordinary] == [True]
    assert isinstance(plain, tuple) and plain[0].offset_map is None
    assert html is True
    assert binary[0].error and "binary" in binary[0].error
    assert stdin is False
    assert parallel._screen_chunk(run, 0, send=False)[1] is True  # this process keeps no drafts: read again


def test_drafts_are_sent_only_within_the_budget(tmp_path, pattern_set, monkeypatch):
    """The drafts the screen sent and that are not linted yet stay within RELAY_BUDGET characters: past
    it, pending files are read again where they are linted (memory stays flat however far ahead)."""
    text = FOLLOW_UP.format(day="Monday")
    items = []
    for index in range(6):
        (tmp_path / f"f{index}.txt").write_text(text, encoding="utf-8")
        items.append(str(tmp_path / f"f{index}.txt"))
    monkeypatch.setattr(parallel, "RELAY_BUDGET", 2 * len(text))
    run = parallel._Run(items, runner._linter(pattern_set, Config(screen=True)), 2, "<stdin>", None, ())
    outcomes = parallel._screen_chunk(run, 0)
    assert [isinstance(o, tuple) for o in outcomes] == [True, True, False, False, False, False]
    run._take_outcomes(0, outcomes)
    run._take(1)  # one sent draft taken to be linted: room for one more
    assert [isinstance(o, tuple) for o in parallel._screen_chunk(run, 0)] == [True, False, False, False, False, False]


def test_entries_keep_their_places_even_without_drafts(tmp_path, pattern_set):
    """An empty Maildir gives no results: its place is still filled (the results after it are not held)."""
    empty = tmp_path / "empty-maildir"
    for part in ("cur", "new", "tmp"):
        (empty / part).mkdir(parents=True)
    box = tmp_path / "two.mbox"
    box.write_bytes(_mbox([FOLLOW_UP.format(day="Monday"), ORDINARY.format(day="Monday")]))
    linter = runner._linter(pattern_set, Config(screen=True))
    done = dict(parallel.lint_entries(linter, [(4, str(empty), False, None), (9, str(box), False, None)], "-"))
    assert done[4] == [] and len(done[9]) == 2
    assert done[9][0].findings and not done[9][1].findings


def test_without_pipeline_and_prescreened_give_what_lint_gives(pattern_set):
    linter = Linter(pattern_set, screen=True)
    ordinary = Draft(path="o.txt", text=ORDINARY.format(day="Monday"), regions=())
    follow_up = Draft(path="f.txt", text=FOLLOW_UP.format(day="Monday"), regions=())
    error = InputError("x.txt", "binary file")
    assert linter.without_pipeline(ordinary) == next(linter.lint([ordinary]))
    assert linter.without_pipeline(error) == next(linter.lint([error]))
    assert linter.without_pipeline(follow_up) is None
    assert list(linter.lint([follow_up], prescreened=True)) == list(linter.lint([follow_up]))
    # prescreened means "not screened again": an ordinary draft then goes through the full gate
    assert not next(linter.lint([ordinary], prescreened=True)).context.screened

