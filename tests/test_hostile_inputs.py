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
