"""The command line through click's CliRunner: exit codes, messages, formats, bad input."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from mail_lint import __version__
from mail_lint.cli import main

from .conftest import ROOT

FOLLOW_UP = "Dear Ms. Park,\n\nThank you for taking the time to interview me for the analyst role.\nI was so nervous.\n"
CLEAN = "Hi Tom,\n\nThe invoice is attached.\n\nNadia\n"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def drafts(tmp_path):
    (tmp_path / "followup.txt").write_text(FOLLOW_UP, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_findings_exit_1_with_one_line_each(runner, drafts):
    result = runner.invoke(main, [str(drafts / "followup.txt")])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{drafts / 'followup.txt'}:3:1: warning thank-you.for-the-interview ")
    assert lines[0].endswith('"Thank you for taking the time to interview me for the analyst role"')
    assert lines[1].startswith(f"{drafts / 'followup.txt'}:4:1: warning excuse.nerves ")
    assert "2 findings in 1 of 1 file" in result.stderr


def test_clean_exit_0_and_check_is_the_default_command(runner, drafts):
    for args in ([str(drafts / "clean.txt")], ["check", str(drafts / "clean.txt")]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert result.stdout == ""


def test_exit_zero_and_quiet(runner, drafts):
    result = runner.invoke(main, ["--exit-zero", "--quiet", str(drafts / "followup.txt")])
    assert result.exit_code == 0
    assert result.stderr == "" and result.stdout.count("\n") == 2


def test_stdin(runner):
    result = runner.invoke(main, ["-"], input=FOLLOW_UP)
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:3:1: ")
    named = runner.invoke(main, ["--stdin-filename", "draft.eml", "-"], input=FOLLOW_UP)
    assert named.stdout.startswith("draft.eml:3:1: ")


def test_directory_is_searched_with_default_and_custom_globs(runner, drafts):
    (drafts / "notes.log").write_text(FOLLOW_UP, encoding="utf-8")
    (drafts / ".hidden").mkdir()
    (drafts / ".hidden" / "x.txt").write_text(FOLLOW_UP, encoding="utf-8")
    result = runner.invoke(main, ["--format", "json", str(drafts)])
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert paths == [str(drafts / "clean.txt"), str(drafts / "followup.txt")]
    logs = runner.invoke(main, ["--format", "json", "--glob", "*.log", str(drafts)])
    assert [f["path"] for f in json.loads(logs.stdout)["files"]] == [str(drafts / "notes.log")]


def test_python_dash_m_works():
    run = subprocess.run([sys.executable, "-m", "mail_lint", "--version"], capture_output=True, text=True)
    assert run.returncode == 0 and __version__ in run.stdout


def test_json_contract(runner, drafts):
    result = runner.invoke(main, ["--format", "json", str(drafts / "followup.txt"), str(drafts / "missing.txt")])
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["version"] == 1
    followup, missing = document["files"]
    assert {"path", "context", "findings", "error", "warnings"} <= set(followup)
    assert followup["context"]["followup"] is True and followup["context"]["evidence"]
    finding = followup["findings"][0]
    assert {"rule", "category", "severity", "message", "line", "column", "end_line", "end_column", "evidence",
            "confidence", "position"} <= set(finding)
    assert finding["position"] == "exact"
    assert finding["category"] == finding["rule"].split(".")[0]
    line = FOLLOW_UP.splitlines()[finding["line"] - 1]
    assert line[finding["column"] - 1 : finding["end_column"] - 1] == finding["evidence"]
    assert missing["error"].endswith("no such file or directory") and missing["findings"] == []
    assert document["summary"] == {"files": 2, "findings": 2, "errors": 1,
                                   "by_category": {"excuse": 1, "thank-you": 1}}


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("latin1.txt", "Je suis d\u00e9sol\u00e9".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_other_files_still_linted(runner, drafts, name, content, problem):
    (drafts / name).write_bytes(content)
    result = runner.invoke(main, [str(drafts / name), str(drafts / "followup.txt")])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("mail-lint: ") and name in line]
    assert len(errors) == 1 and problem in errors[0]
    assert "Traceback" not in result.output
    assert "thank-you.for-the-interview" in result.stdout


def test_missing_file_and_empty_directory(runner, tmp_path):
    result = runner.invoke(main, [str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert f"mail-lint: {tmp_path / 'nope.txt'}: no such file or directory" in result.stderr
    empty = runner.invoke(main, [str(tmp_path)])
    assert empty.exit_code == 2 and "no draft files found" in empty.stderr


def test_empty_file_is_clean(runner, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert runner.invoke(main, [str(tmp_path / "empty.txt")]).exit_code == 0


def test_huge_file_is_refused_without_reading_it_all(tmp_path):
    from mail_lint.sources import InputError, read_path

    big = tmp_path / "big.txt"
    big.write_text("word " * 1000, encoding="utf-8")
    with pytest.raises(InputError, match="larger than"):
        read_path(str(big), max_bytes=1000)
    assert len(read_path(str(big), max_bytes=5000)) == 5000
    assert len(read_path(str(big), max_bytes=len("word " * 1000))) == 5000  # exactly the limit: read
    with pytest.raises(InputError, match="larger than"):
        read_path(str(big), max_bytes=4999)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_read_whole_though_its_size_says_nothing(tmp_path):
    import threading

    from mail_lint.sources import InputError, read_path

    pipe = tmp_path / "draft.pipe"
    for limit, expected in ((10_000, b"Thank you for the interview.\n" * 100), (100, None)):
        os.mkfifo(pipe)
        writer = threading.Thread(target=_write_and_close, args=(pipe, b"Thank you for the interview.\n" * 100))
        writer.start()
        try:
            if expected is None:
                with pytest.raises(InputError, match="larger than"):
                    read_path(str(pipe), max_bytes=limit)
            else:
                assert read_path(str(pipe), max_bytes=limit) == expected
        finally:
            writer.join(timeout=10)
            pipe.unlink()


def _write_and_close(path, data: bytes) -> None:
    try:
        with open(path, "wb") as out:
            out.write(data)
    except BrokenPipeError:  # the reader stopped at its limit
        pass


def test_no_input_is_a_usage_error(runner):
    for args in ([], ["check"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2 and "no input" in result.output


def test_unknown_selector_suggests_the_nearest(runner, drafts):
    result = runner.invoke(main, ["--select", "apologie", str(drafts / "followup.txt")])
    assert result.exit_code == 2
    assert "did you mean 'apology'" in result.output


def test_select_and_ignore_by_prefix(runner, drafts):
    only = runner.invoke(main, ["--select", "excuse", str(drafts / "followup.txt")])
    assert [line.split()[2] for line in only.stdout.splitlines()] == ["excuse.nerves"]
    ignored = runner.invoke(main, ["--ignore", "excuse,thank-you.for", str(drafts / "followup.txt")])
    assert [line.split()[2] for line in ignored.stdout.splitlines()] == ["thank-you.thanks-for"]  # its neighbour
    ignored = runner.invoke(main, ["--ignore", "excuse,thank-you", str(drafts / "followup.txt")])
    assert ignored.exit_code == 0 and ignored.stdout == ""


def test_min_severity(runner, drafts):
    result = runner.invoke(main, ["--min-severity", "error", str(drafts / "followup.txt")])
    assert result.exit_code == 0 and result.stdout == ""


def test_assume_followup(runner, tmp_path):
    draft = tmp_path / "a.txt"
    draft.write_text("Sorry for the late invoice.\n", encoding="utf-8")
    assert runner.invoke(main, [str(draft)]).exit_code == 0
    assert runner.invoke(main, ["--assume-followup", str(draft)]).exit_code == 1


def test_broken_extra_pattern_file_exits_2_naming_it(runner, drafts, tmp_path):
    extra = tmp_path / "team-patterns"
    extra.mkdir()
    (extra / "house.yaml").write_text("category: house\nrules: [\n", encoding="utf-8")
    result = runner.invoke(main, ["--extra-patterns", str(extra), str(drafts / "followup.txt")])
    assert result.exit_code == 2
    assert f"{extra / 'house.yaml'}: line 3: invalid YAML" in result.stderr
    assert "Traceback" not in result.output


def test_rule_and_rules_explain_from_the_pattern_data(runner, pattern_set):
    rule = pattern_set.rule("excuse.nerves")
    explained = runner.invoke(main, ["rule", "excuse.nerves"])
    assert explained.exit_code == 0
    assert rule.message in explained.stdout and rule.fail_examples[0] in explained.stdout
    category = runner.invoke(main, ["rule", "excuse"])
    assert all(r.id in category.stdout for r in pattern_set.category("excuse").rules)
    unknown = runner.invoke(main, ["rule", "excuse.nervous"])
    assert unknown.exit_code == 2 and "Did you mean 'excuse.nerves'?" in unknown.stderr
    listing = runner.invoke(main, ["rules"])
    assert len(listing.stdout.splitlines()) == len(pattern_set.rules)


def test_colour_only_when_asked_or_on_a_terminal(runner, drafts):
    plain = runner.invoke(main, [str(drafts / "followup.txt")])
    assert "\x1b[" not in plain.stdout
    coloured = runner.invoke(main, ["--color", "always", str(drafts / "followup.txt")])
    assert "\x1b[" in coloured.stdout


def test_help_version_and_rule_do_not_import_spacy():
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from mail_lint.cli import main\n"
        "for args in (['--help'], ['--version'], ['rule', 'apology.sorry'], ['rules']):\n"
        "    assert CliRunner().invoke(main, args).exit_code == 0, args\n"
        "print('spacy' in sys.modules, 'rapidfuzz' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("module", ["mail_lint.nlp", "mail_lint.matchers.anchored", "mail_lint.matchers.rules"])
def test_linting_never_loads_spacys_command_line_package(module):
    """spacy.cli (typer, weasel, an HTTP client) is a third of spaCy's import time and never used."""
    code = (
        "import importlib, sys\n"
        f"importlib.import_module({module!r})\n"
        "assert 'spacy.language' in sys.modules\n"
        "print(sorted(name for name in sys.modules if name.startswith(('spacy.cli', 'typer', 'weasel'))))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_nothing_is_modified(runner, drafts):
    before = {p.name: p.read_bytes() for p in drafts.iterdir()}
    runner.invoke(main, [str(drafts)])
    assert {p.name: p.read_bytes() for p in drafts.iterdir()} == before



def test_the_program_skips_the_interpreters_tear_down_only_once_spacy_is_loaded(tmp_path):
    """`mail-lint` ends with os._exit once spaCy is in (freeing the pipeline costs more than a cold check
    lints): the whole report is still out and the exit status the same; without spaCy it exits as usual."""
    draft = tmp_path / "draft.txt"
    draft.write_text("Dear Ms Reyes,\n\nThank you for the interview yesterday. I am sorry I was late.\n\nSam\n",
                     encoding="utf-8")
    code = ("import atexit, sys\n"
            "atexit.register(lambda: print('torn down', file=sys.stderr))\n"
            "from mail_lint.cli import program\n"
            "sys.argv = ['mail-lint', *sys.argv[1:]]\n"
            "program()\n")
    expected = CliRunner().invoke(main, [str(draft)])
    linted = subprocess.run([sys.executable, "-c", code, str(draft)], capture_output=True, text=True, cwd=ROOT)
    assert (linted.returncode, linted.stdout) == (expected.exit_code, expected.stdout) and expected.exit_code == 1
    assert "torn down" not in linted.stderr and "mail-lint: 2 findings" in linted.stderr
    helped = subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True, text=True, cwd=ROOT)
    assert helped.returncode == 0 and "Usage" in helped.stdout and "torn down" in helped.stderr
