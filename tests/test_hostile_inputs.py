"""Hostile and oversized inputs (issue 10): never crash, never hang, one error line per bad file."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from mail_lint.cli import main
from mail_lint.linter import Linter

FOLLOW_UP = "Dear Ms. Park,\n\nThank you for taking the time to interview me for the analyst role.\nI was so nervous.\n"
FILLER = "The quarterly figures for the northern region are in the attached sheet, with the notes.\n\n"


@pytest.fixture
def runner():
    return CliRunner()


def big_draft(size: int) -> str:
    """A follow-up whose flagged sentence comes after ``size`` characters of ordinary paragraphs."""
    head = "Dear Ms. Park,\n\nThank you for taking the time to interview me for the analyst role.\n\n"
    return head + FILLER * (size // len(FILLER)) + "I was so nervous.\n"


def test_text_over_spacys_million_characters_is_linted_with_exact_positions(runner, tmp_path):
    text = big_draft(1_200_000)
    assert len(text) > 1_000_000
    (tmp_path / "a-small.txt").write_text(FOLLOW_UP, encoding="utf-8")
    (tmp_path / "big.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c-small.txt").write_text(FOLLOW_UP, encoding="utf-8")
    result = runner.invoke(main, ["--format", "json", str(tmp_path)])
    assert result.exit_code == 1, result.output + result.stderr
    files = {os.path.basename(f["path"]): f for f in json.loads(result.stdout)["files"]}
    assert set(files) == {"a-small.txt", "big.txt", "c-small.txt"}
    big = files["big.txt"]
    assert big["error"] is None
    nerves = [f for f in big["findings"] if f["rule"].startswith("excuse.")]
    assert nerves, big["findings"]
    lines = text.splitlines()
    last = nerves[-1]
    assert last["line"] == len(lines)
    assert lines[last["line"] - 1][last["column"] - 1 : last["end_column"] - 1] == last["evidence"]
    assert files["a-small.txt"]["findings"] and files["c-small.txt"]["findings"]


def _fail_on_marker(monkeypatch):
    original = Linter._result

    def failing(self, draft, *args, **kwargs):
        if "broken" in draft.path:
            raise RuntimeError("something inside the linter broke")
        return original(self, draft, *args, **kwargs)

    monkeypatch.setattr(Linter, "_result", failing)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_that_fails_inside_the_linter_is_its_own_error_and_every_other_file_is_reported(
        runner, tmp_path, monkeypatch, jobs):
    _fail_on_marker(monkeypatch)
    for index in range(300):
        (tmp_path / f"d{index:03}.txt").write_text(FOLLOW_UP, encoding="utf-8")
    (tmp_path / "d150-broken.txt").write_text(FOLLOW_UP, encoding="utf-8")
    result = runner.invoke(main, ["-j", jobs, "-q", str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr
    reported = {line.split(":", 1)[0] for line in result.stdout.splitlines()}
    assert len(reported) == 300
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and "d150-broken.txt" in errors[0] and "something inside the linter broke" in errors[0]


def test_output_into_a_missing_folder_is_one_line_exit_2(runner, tmp_path):
    (tmp_path / "draft.txt").write_text(FOLLOW_UP, encoding="utf-8")
    target = tmp_path / "no" / "such" / "report.json"
    result = runner.invoke(main, ["--format", "json", "-o", str(target), str(tmp_path / "draft.txt")])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(result.stderr.strip().splitlines()) == 1 and str(target) in result.stderr


PACK = """category: my-pack
summary: Something.
why: Because.
instead: Other things.
rules:
  - id: shout
    message: Do not shout.
    severity: {severity}
    phrases: [hear me now]
    examples:
      fail: [hear me now]
      pass: [hello]
"""


@pytest.mark.parametrize("severity", ["3", "[error]", "null", "{a: b}"])
def test_pattern_pack_with_a_severity_that_is_not_a_name_is_one_line_exit_2(runner, tmp_path, severity):
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "my-pack.yaml").write_text(PACK.format(severity=severity), encoding="utf-8")
    (tmp_path / "draft.txt").write_text(FOLLOW_UP, encoding="utf-8")
    for args in (["--extra-patterns", str(tmp_path / "pack"), str(tmp_path / "draft.txt")],
                 ["check-patterns", str(tmp_path / "pack")]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        line = result.stderr.strip()
        assert len(line.splitlines()) == 1 and "my-pack.yaml" in line and "severity" in line


@pytest.mark.parametrize("broken", ["raise ImportError('libblas.so.3: cannot open shared object file')",
                                    "raise RuntimeError('spaCy is half installed')"])
def test_a_broken_spacy_is_one_line_exit_2(tmp_path, broken):
    fake = tmp_path / "site" / "spacy"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(broken + "\n", encoding="utf-8")
    (tmp_path / "draft.txt").write_text(FOLLOW_UP, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    completed = subprocess.run([sys.executable, "-m", "mail_lint", str(tmp_path / "draft.txt")],
                               capture_output=True, text=True, env=env, timeout=120)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and "spaCy" in lines[0]


# Cost that grows faster than the input: work counts on generated inputs, never timings (bench/hostile.py
# measures the time and memory).

def flagged_mbox(messages: int) -> bytes:
    one = (b"From mark@example.org Mon Nov 23 10:00:00 2026\nFrom: Mark <mark@example.org>\n"
           b"To: Dana <dana@example.com>\nSubject: Interview\n\nDear Dana,\n\nThank you for the interview "
           b"yesterday. I was so nervous.\n\nMark\n\n")
    return one * messages


def test_line_positions_of_an_mbox_are_counted_once_per_file(tmp_path, monkeypatch, linter):
    import mail_lint.draft as draft_module

    calls = []
    original = draft_module._LINE_BREAK

    class Counting:
        def finditer(self, text, *args):
            calls.append(len(text))
            return original.finditer(text, *args)

    monkeypatch.setattr(draft_module, "_LINE_BREAK", Counting())
    results = linter.lint_bytes("inbox.mbox", flagged_mbox(200))
    assert len(results) == 200 and all(r.findings for r in results)
    assert results[-1].findings[0].line == 199 * 11 + 8  # 11 lines a message: still lines of the whole file
    assert len(calls) == 1


def test_clause_boundaries_are_read_a_bounded_number_of_times_per_token(monkeypatch, linter):
    import mail_lint.judgement as judgement
    import mail_lint.linter as linter_module

    reads = []
    original = judgement.is_clause_punctuation

    def counting(token):
        reads.append(token.i)
        return original(token)

    monkeypatch.setattr(judgement, "is_clause_punctuation", counting)
    monkeypatch.setattr(linter_module, "is_clause_punctuation", counting)
    words = " ".join(["the meeting went on and on with the team and I am so sorry about it all"] * 300)
    result = linter.lint_text("Dear Dana " + words + "\n")
    assert result.findings
    tokens = len(words.split())
    assert len(reads) <= 3 * tokens, f"{len(reads)} reads for {tokens} tokens"


def test_the_hits_of_one_long_sentence_are_judged_with_bounded_look_back(linter):
    from mail_lint.judgement import MAX_LOOK_BACK

    # a conditional further back than the look-back bound no longer cancels, one within it does
    near = linter.lint_text("If I am so sorry about it then so be it.\n")
    assert not near.findings
    far = linter.lint_text("If " + "we walked along the river " * (MAX_LOOK_BACK // 5 + 2) + "I am so sorry.\n")
    assert far.findings


BOMB = """a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
"""


def test_yaml_aliases_are_refused_in_configuration(runner, tmp_path):
    (tmp_path / ".mail-lint.yaml").write_text(BOMB, encoding="utf-8")
    (tmp_path / "draft.txt").write_text(FOLLOW_UP, encoding="utf-8")
    result = runner.invoke(main, [str(tmp_path / "draft.txt")])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and ".mail-lint.yaml" in line and "alias" in line and "line 2" in line


def test_yaml_aliases_are_refused_in_pattern_packs(runner, tmp_path):
    (tmp_path / "pack").mkdir()
    pack = PACK.format(severity="warning") + "extra: &x [1]\nmore: *x\n"
    (tmp_path / "pack" / "my-pack.yaml").write_text(pack, encoding="utf-8")
    result = runner.invoke(main, ["check-patterns", str(tmp_path / "pack")])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "my-pack.yaml" in line and "alias" in line


@pytest.mark.parametrize("pattern, problem", [
    ("_{0,100000} hear", "at most"),
    ("_{99999999999999999999} hear", "at most"),
    ("hear _* me", "wildcard"),
    ("hear !me+ now", "wildcard"),
    ("hear @intensifier* me @intensifier* now @intensifier+ ok @intensifier* yes", "open-ended"),
])
def test_unbounded_quantifiers_in_a_pattern_pack_are_refused_naming_file_rule_and_line(
        runner, tmp_path, pattern, problem):
    (tmp_path / "pack").mkdir()
    pack = PACK.format(severity="warning").replace("phrases: [hear me now]", f"patterns: ['{pattern}']")
    (tmp_path / "pack" / "my-pack.yaml").write_text(pack, encoding="utf-8")
    result = runner.invoke(main, ["check-patterns", str(tmp_path / "pack")])
    assert result.exit_code == 2, result.output
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "my-pack.yaml" in line and '"shout"' in line and "line 9" in line and problem in line


def test_a_named_pipe_in_a_linted_folder_is_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(FOLLOW_UP, encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")
    (tmp_path / "c.txt").write_text(FOLLOW_UP, encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "mail_lint", str(tmp_path)], capture_output=True,
                               text=True, timeout=60)
    assert completed.returncode == 1
    assert {line.split(":")[0] for line in completed.stdout.splitlines()} == {str(tmp_path / "a.txt"),
                                                                             str(tmp_path / "c.txt")}


def test_links_in_a_linted_folder_are_followed_and_a_dangling_one_is_reported(tmp_path):
    """Discovery reads the folder's own listing for its regular files; a link is still followed (to a
    file: linted; to nothing: its error line), and a link to a named pipe is skipped like the pipe."""
    from mail_lint.sources import InputError, discover

    (tmp_path / "a.txt").write_text(FOLLOW_UP, encoding="utf-8")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "c.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "d.txt").symlink_to(tmp_path / "pipe")
    found = list(discover((str(tmp_path),)))
    assert found == [str(tmp_path / name) for name in ("a.txt", "b.txt", "c.txt")]
    result = CliRunner().invoke(main, ["--format", "json", str(tmp_path)])
    files = json.loads(result.stdout)["files"]
    assert [bool(f["findings"]) for f in files] == [True, True, False]
    assert "c.txt" in files[2]["error"] and not isinstance(found[2], InputError)


def test_a_named_pipe_on_the_command_line_is_read_as_a_stream(tmp_path):
    fifo = tmp_path / "draft.txt"
    os.mkfifo(fifo)
    process = subprocess.Popen([sys.executable, "-m", "mail_lint", str(fifo)], stdout=subprocess.PIPE, text=True)
    with open(fifo, "w", encoding="utf-8") as writer:
        writer.write(FOLLOW_UP)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 1 and "excuse.nerves" in output


def test_a_reader_that_fails_on_one_input_is_that_inputs_error_line(runner, tmp_path, monkeypatch):
    import mail_lint.sources.archive as archive
    import mail_lint.sources.detect as detect

    def failing_on(original):
        def read(source, *args):
            if "broken" in source.path:
                raise RuntimeError("the parser fell over")
            return original(source, *args)
        return read

    monkeypatch.setattr(archive, "message_draft", failing_on(archive.message_draft))  # an mbox file
    monkeypatch.setattr(detect, "message_draft", failing_on(detect.message_draft))  # a single message
    mbox = flagged_mbox(2).decode()
    (tmp_path / "a.mbox").write_text(mbox, encoding="utf-8")
    (tmp_path / "b-broken.mbox").write_text(mbox, encoding="utf-8")
    (tmp_path / "c.mbox").write_text(mbox, encoding="utf-8")
    (tmp_path / "d-broken.eml").write_text(mbox.split("\n", 1)[1], encoding="utf-8")
    result = runner.invoke(main, ["-q", str(tmp_path)])
    assert result.exit_code == 2
    assert {line.split(":")[0] for line in result.stdout.splitlines()} == {
        str(tmp_path / "a.mbox[1]"), str(tmp_path / "a.mbox[2]"), str(tmp_path / "c.mbox[1]"),
        str(tmp_path / "c.mbox[2]")}
    assert result.stderr.strip().splitlines() == [
        f"mail-lint: {tmp_path / name}: cannot read this input (RuntimeError: the parser fell over)"
        for name in ("b-broken.mbox[1]", "b-broken.mbox[2]", "d-broken.eml")]


def test_closed_standard_input_is_one_error_line(tmp_path):
    command = f"exec 0<&-; exec {sys.executable} -m mail_lint -"
    completed = subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 2
    assert completed.stderr.strip().splitlines()[0] == "mail-lint: <stdin>: standard input is closed"
    assert "Traceback" not in completed.stderr
