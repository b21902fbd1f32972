"""The gate screen in batch runs (files, folders, --jobs, archives, the Python API): a draft it rules out
skips the spaCy pipeline and gets exactly the findings the full lint gives it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from mail_lint.api import Linter
from mail_lint.cli import main
from mail_lint.report import FORMATS, REPORTERS

from .conftest import ROOT

ORDINARY = "Hi Sam,\n\nThe minutes of Monday's planning call are in the shared folder.\n\nThanks,\nLee\n"
FOLLOW_UP = ("Dear Ms Okafor,\n\nThank you so much for the interview yesterday. I am sorry I was so nervous;\n"
             "my bus broke down on the way. Could you tell me what I could have done better?\n\nBest,\nRui\n")


def eml(to: str, subject: str, body: str, message_id: str | None = None) -> bytes:
    mail = EmailMessage()
    mail["From"] = "Rui Costa <rui@example.org>"
    mail["To"] = to
    mail["Subject"] = subject
    if message_id:
        mail["Message-ID"] = message_id
    mail.set_content(body)
    return bytes(mail)


DRAFTS: dict[str, bytes] = {
    "ordinary.txt": ORDINARY.encode(),
    "follow-up.txt": FOLLOW_UP.encode(),
    "greeting-and-quote.txt": (
        b"Hi Jo,\n\nSure, Thursday at ten is fine.\n\nOn Mon, 2 Mar 2026, Lee Park <lee@example.com> wrote:\n"
        b"> Can we go over the budget on Thursday?\n"),
    "quoted-rejection.txt": (
        b"Thanks for letting me know. Could you tell me what I could improve?\n\n"
        b"On Tue, 3 Mar 2026, Dana Whitfield <dana@example.com> wrote:\n"
        b"> We have decided to move forward with another candidate for the position.\n"),
    # the greeting-name check: a wrong name in ordinary mail, and in hiring mail that the gate refuses
    "wrong-name-lunch.eml": eml("Dana Whitfield <dana@example.com>", "Lunch",
                                "Dear Mark,\n\nShall we have lunch on Friday?\n\nRui\n"),
    "wrong-name-application.eml": eml("Dana Whitfield <dana@example.com>", "Application",
                                      "Dear Mark,\n\nI am writing to apply for the analyst position on your "
                                      "careers page. My CV is attached.\n\nRui\n"),
    "wrong-name-follow-up.eml": eml("Dana Whitfield <dana@example.com>", "Re: Interview",
                                    "Dear Mark,\n\nThank you for the interview on Monday. I am sorry I was late; "
                                    "the train was delayed.\n\nRui\n"),
    "order.txt.j2": b"Hello {{ name }},\n\nYour order {{ order_id }} has shipped.\n{# a note for editors #}\n",
    "thanks.txt.j2": (b"Dear {{ interviewer }},\n\nThank you for the interview on {{ day }}. Is there any chance "
                      b"you could reconsider my application?\n"),
    "slides.html": b"<p>Hi Jo,</p><p>The slides from <b>today's</b> meeting are attached.</p>",
    "sorry.html": (b"<p>Thank you for the interview. I am sorry I was late; the train was delayed. "
                   b"Could you give me some feedback?</p>"),
    "bother.txt": b"Sorry to bother you again about the March invoice; could you check it?\n",
}


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("drafts")
    for name, data in DRAFTS.items():
        (folder / name).write_bytes(data)
    for example in sorted((ROOT / "examples").glob("*.*")):
        (folder / f"example-{example.name}").write_bytes(example.read_bytes())
    return folder


def run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--isolated", *arguments] if arguments[0] != "check" else list(arguments))
    return result.exit_code, result.output


def files_of(*arguments: str) -> list[dict]:
    status, output = run(*arguments, "--format", "json")
    assert status in (0, 1), output
    return json.loads(output)["files"]


def test_screened_and_full_runs_give_the_same_findings(drafts):
    screened = files_of(str(drafts))
    full = files_of("--no-screen", str(drafts))
    assert [f["path"] for f in screened] == [f["path"] for f in full]
    assert [f["findings"] for f in screened] == [f["findings"] for f in full]
    ruled_out = {Path(f["path"]).name for f in screened if f["context"]["screened"]}
    assert {"ordinary.txt", "greeting-and-quote.txt", "wrong-name-lunch.eml", "order.txt.j2", "slides.html",
            "example-ordinary-invoice.txt"} <= ruled_out
    assert not ruled_out & {"follow-up.txt", "quoted-rejection.txt", "sorry.html", "example-apology.txt"}
    assert not any(f["context"]["screened"] for f in full)
    for mine, theirs in zip(screened, full, strict=True):
        if mine["context"]["screened"]:  # the gate refuses it too; only its score and evidence are unknown
            assert mine["context"] == {"followup": False, "score": 0.0, "evidence": [], "assumed": False,
                                       "screened": True}
            assert not theirs["context"]["followup"]
        else:
            assert mine == theirs
    assert any(f["findings"] for f in screened)  # the comparison is not between two empty runs


# JSON differs only in the context of screened drafts (compared above); HTML and Markdown show the context
@pytest.mark.parametrize("output_format", [f for f in FORMATS if f != "json" and not REPORTERS[f].keeps_text])
def test_every_machine_format_is_byte_identical_with_and_without_the_screen(drafts, output_format):
    assert run("--format", output_format, str(drafts)) == run("--no-screen", "--format", output_format, str(drafts))


def test_assume_followup_bypasses_the_screen(drafts):
    assumed = files_of("--assume-followup", str(drafts))
    assert all(f["context"]["assumed"] and not f["context"]["screened"] for f in assumed)
    assert [f["findings"] for f in assumed] == [f["findings"] for f in files_of("--assume-followup", "--no-screen",
                                                                               str(drafts))]
    bother = next(f for f in assumed if f["path"].endswith("bother.txt"))
    assert bother["findings"]  # ordinary words, linted in full because the user said so


def test_per_path_assume_followup_bypasses_the_screen_for_those_paths(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bother.txt").write_bytes(DRAFTS["bother.txt"])
    (tmp_path / "bother.txt").write_bytes(DRAFTS["bother.txt"])
    config = tmp_path / ".mail-lint.toml"
    config.write_text('[per-path."templates/*"]\nassume-followup = true\n', encoding="utf-8")
    status, output = run("check", "--config", str(config), "--format", "json", str(tmp_path))
    by_name = {Path(f["path"]).relative_to(tmp_path).as_posix(): f for f in json.loads(output)["files"]}
    assert by_name["templates/bother.txt"]["context"]["assumed"] and by_name["templates/bother.txt"]["findings"]
    assert by_name["bother.txt"]["context"]["screened"] and not by_name["bother.txt"]["findings"]
    assert status == 1


def test_an_mbox_mixing_screened_and_linted_messages_keeps_input_order(tmp_path):
    mbox = tmp_path / "sent.mbox"
    with open(mbox, "wb") as out:
        for index in range(12):
            body = FOLLOW_UP if index % 3 == 1 else ORDINARY
            out.write(b"From rui@example.org Tue Mar  3 10:00:00 2026\n"
                      + eml("Ada Okafor <ada@example.com>", f"Note {index}", body, f"<{index}.screen@example.org>")
                      + b"\n")
    screened = list(Linter().lint_paths([mbox]))
    full = list(Linter(screen=False).lint_paths([mbox]))
    assert [r.message_id for r in screened] == [f"<{i}.screen@example.org>" for i in range(12)]
    assert [r.context.screened for r in screened] == [i % 3 != 1 for i in range(12)]
    assert [r.findings for r in screened] == [r.findings for r in full]
    assert all(r.findings for r in screened[1::3])


def test_jobs_give_the_results_of_one_process_in_input_order(tmp_path):
    for index in range(300):  # more than two chunks, so that --jobs 2 really uses two workers
        text = FOLLOW_UP if index % 7 == 3 else ORDINARY.replace("Monday", f"day {index}")
        (tmp_path / f"draft-{index:03}.txt").write_text(text, encoding="utf-8")
    one, two = (files_of("--jobs", jobs, str(tmp_path)) for jobs in ("1", "2"))
    assert one == two
    assert [f["context"]["screened"] for f in one] == [index % 7 != 3 for index in range(300)]


def test_the_python_api_screens_lint_text_too():
    assert Linter().lint_text(ORDINARY).context.screened
    assert not Linter(screen=False).lint_text(ORDINARY).context.screened
    assert not Linter({"assume-followup": True}).lint_text(ORDINARY).context.screened
    assert Linter().lint_text(FOLLOW_UP).findings == Linter(screen=False).lint_text(FOLLOW_UP).findings != ()


def test_the_html_report_says_screened_instead_of_a_score(drafts):
    status, output = run("--format", "html", str(drafts / "ordinary.txt"))
    assert "screened" in output and "score 0.0" not in output
    status, output = run("--no-screen", "--format", "html", str(drafts / "ordinary.txt"))
    assert "screened" not in output and "score 0" in output


# --- no spaCy when every draft is screened out, in this process or in --jobs workers ------------------

def _blocked_spacy(tmp_path: Path) -> dict[str, str]:
    """An environment in which importing spaCy fails: any import of it ends the run with exit 2."""
    fake = tmp_path / "blocker" / "spacy"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('spaCy was imported')\n", encoding="utf-8")
    path = os.pathsep.join([str(fake.parent), str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path}


@pytest.fixture(scope="module")
def ordinary_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("ordinary")
    for index in range(300):  # more than two chunks: --jobs 2 really starts workers
        (folder / f"note-{index:03}.txt").write_text(ORDINARY.replace("Monday", f"day {index}"), encoding="utf-8")
    with open(folder / "archive.mbox", "wb") as out:
        for index in range(5):
            out.write(b"From lee@example.org Tue Mar  3 10:00:00 2026\n"
                      + eml("Sam <sam@example.com>", f"Minutes {index}", ORDINARY) + b"\n")
    return folder


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_run_of_ordinary_mail_never_imports_spacy(tmp_path, ordinary_folder, jobs):
    environment = _blocked_spacy(tmp_path)
    command = [sys.executable, "-m", "mail_lint", "--isolated", "--jobs", jobs, "--format", "json",
               "--glob", "*.txt,*.mbox"]
    clean = subprocess.run([*command, str(ordinary_folder)], capture_output=True, text=True, env=environment,
                           cwd=tmp_path, check=False, timeout=300)
    assert clean.returncode == 0, clean.stderr
    files = json.loads(clean.stdout)["files"]
    assert len(files) == 305 and all(f["context"]["screened"] for f in files)
    (tmp_path / "follow-up.txt").write_text(FOLLOW_UP, encoding="utf-8")  # the blocker does block
    linted = subprocess.run([*command, str(ordinary_folder), str(tmp_path / "follow-up.txt")], capture_output=True,
                            text=True, env=environment, cwd=tmp_path, check=False, timeout=300)
    assert linted.returncode == 2 and "cannot load spaCy" in linted.stderr


@pytest.mark.parametrize("stdin_first", [True, False])
def test_standard_input_among_many_files_is_linted_as_read_with_jobs(ordinary_folder, stdin_first):
    """A worker process's standard input is closed (multiprocessing gives it an empty one): "-" handed
    to a worker used to be linted as an empty draft, silently, whenever it came after the files the
    parent lints itself. It is read by the parent before the workers start."""
    inputs = ["-", str(ordinary_folder)] if stdin_first else [str(ordinary_folder), "-"]
    by_jobs = []
    for jobs in ("1", "2"):
        command = [sys.executable, "-m", "mail_lint", "--isolated", "--jobs", jobs, "--format", "json",
                   "--glob", "*.txt", *inputs]
        done = subprocess.run(command, input=FOLLOW_UP, capture_output=True, text=True, cwd=ROOT, check=False,
                              timeout=300)
        assert done.returncode == 1, done.stderr
        files = json.loads(done.stdout)["files"]
        assert len(files) == 301
        by_jobs.append(files)
    stdin_result = next(f for f in by_jobs[1] if f["path"] == "<stdin>")
    assert stdin_result["findings"] and not stdin_result["context"]["screened"]
    assert by_jobs[0] == by_jobs[1]


def test_the_python_api_on_ordinary_mail_never_imports_spacy(ordinary_folder):
    code = ("import sys\nfrom mail_lint import Linter\n"
            f"results = list(Linter().lint_paths([{str(ordinary_folder / 'archive.mbox')!r}]))\n"
            f"results.append(Linter().lint_text({ORDINARY!r}))\n"
            "print(len(results), sorted({'spacy', 'thinc', 'numpy'} & set(sys.modules)))\n")
    run_ = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)
    assert run_.stdout.split(" ", 1) == ["6", "[]\n"], run_.stderr
