"""The public Python API: ``from mail_lint import Linter``, as the README documents it."""
from __future__ import annotations

import contextlib
import io
import json
import pickle
import subprocess
import sys

import pytest
from click.testing import CliRunner

from mail_lint import Linter, api
from mail_lint.cli import main
from mail_lint.config import ConfigError, Settings
from mail_lint.finding import FileResult

from .conftest import ROOT
from .test_archives import write_maildir, write_mbox

DRAFT = "Dear Noor,\n\nThank you for the interview on Friday. I am so sorry I was late; the traffic was awful.\n"


def readme_blocks() -> tuple[str, str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("**The Python API.**", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    output = section.split("prints\n\n```\n", 1)[1].split("```", 1)[0]
    return code, output


def test_the_readme_example_runs_and_prints_what_the_readme_says(monkeypatch):
    code, expected = readme_blocks()
    monkeypatch.chdir(ROOT)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - the project's own README
    assert printed.getvalue() == expected


def test_importing_mail_lint_and_making_a_linter_does_not_import_spacy():
    code = ("import sys\nfrom mail_lint import Linter\nlinter = Linter({'select': ['apology']})\n"
            "import pickle; pickle.loads(pickle.dumps(linter))\nprint('spacy' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.stdout.strip() == "False", run.stderr


def test_lint_paths_gives_what_the_json_output_has_in_the_same_order(tmp_path):
    write_mbox(tmp_path / "sent.mbox", 7)
    write_maildir(tmp_path / "Maildir", 5)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "drafts" / "b.eml").write_bytes(b"\xff\xfe\x00binary")
    paths = [str(tmp_path / "drafts"), str(tmp_path / "sent.mbox"), str(tmp_path / "missing.txt"),
             str(tmp_path / "Maildir"), str(ROOT / "examples")]
    cli = json.loads(CliRunner().invoke(main, ["--format", "json", "--isolated", *paths]).stdout)
    results = Linter().lint_paths(paths)
    assert not isinstance(results, list)  # a generator: results come as they are done
    results = list(results)
    assert all(isinstance(r, FileResult) for r in results)
    assert [r.to_json() for r in results] == cli["files"]
    assert len(results) == 2 + 7 + 1 + 5 + len(list((ROOT / "examples").glob("*.*")))
    assert results[2].path.endswith("sent.mbox[1]")
    assert results[9].error.endswith("missing.txt: no such file or directory")


def test_lint_text_and_lint_message(tmp_path):
    linter = Linter(Settings(assume_followup=True))
    result = linter.lint_text(DRAFT, path="notes/friday.txt")
    assert result.path == "notes/friday.txt"
    assert {f.rule_id for f in result.findings} >= {"thank-you.for-the-interview", "apology.sorry"}
    assert linter.lint_text(DRAFT).path == "<text>"
    template = "{# mail-lint: disable=apology #}\nDear {{ name }},\n\nI am sorry I was late.\n"
    assert not linter.lint_text(template, path="reply.j2").findings  # read as a template: the comment counts
    assert linter.lint_text(template, path="reply.txt").findings
    message = (ROOT / "tests" / "fixtures" / "mail" / "neomutt.eml").read_bytes()
    [as_file] = Linter().engine.lint_bytes("reply.eml", message)
    from_bytes = Linter().lint_message(message, path="reply.eml")
    assert from_bytes == as_file and from_bytes.message_id
    assert Linter().lint_message(b"\x00\x01\x02").error.startswith("<message>: binary")


def test_to_json_is_the_entry_of_the_versioned_json_document():
    from mail_lint.report import render_json

    result = Linter(Settings(assume_followup=True)).lint_text(DRAFT)
    document = json.loads(render_json([result]))
    assert document["version"] == 1 and document["files"] == [result.to_json()]
    assert json.loads(json.dumps(result.to_json())) == result.to_json()


def test_config_forms(tmp_path):
    toml = tmp_path / ".mail-lint.toml"
    toml.write_text('select = ["apology"]\nassume-followup = true\n', encoding="utf-8")
    for config in (str(toml), toml, {"select": ["apology"], "assume-followup": True},
                   Settings(select=("apology",), assume_followup=True)):
        result = Linter(config).lint_text(DRAFT)
        assert {f.category for f in result.findings} == {"apology"}, config
    with pytest.raises(ConfigError, match="selct"):
        Linter({"selct": ["apology"]})
    with pytest.raises(ConfigError, match="min-confidence"):
        Linter({"min-confidence": 3})
    with pytest.raises(TypeError):
        Linter(42)


def test_a_linter_pickles_without_its_pipeline_and_shares_one_per_process(monkeypatch):
    builds = []
    real_build = api._build
    monkeypatch.setattr(api, "_build", lambda *a: builds.append(a) or real_build(*a))
    monkeypatch.setattr(api, "_engines", {})
    linter = Linter({"select": ["excuse"], "assume-followup": True})
    first = linter.lint_text(DRAFT)
    data = pickle.dumps(linter)
    assert len(data) < 2000  # the configuration, not a pipeline
    copy = pickle.loads(data)
    assert copy._engine is None
    assert copy.lint_text(DRAFT) == first
    assert copy.engine is linter.engine and len(builds) == 1  # built once in this process
    other = Linter({"select": ["apology"], "assume-followup": True})
    assert other.lint_text(DRAFT) != first and len(builds) == 2  # other settings: another engine ...
    assert other.engine.nlp is linter.engine.nlp  # ... on the same spaCy pipeline
