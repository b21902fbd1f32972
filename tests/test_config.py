"""Configuration files: found by walking up, validated with suggestions, overridden by the command line."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from mail_lint.cli import main
from mail_lint.config import ConfigError, find_config, load_config

DRAFT = "Dear Ms. Park,\n\nThank you for the interview for the analyst role.\nI am so sorry I was nervous.\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "templates" / "legal").mkdir(parents=True)
    (tmp_path / "templates" / "followup.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "templates" / "legal" / "notice.txt").write_text(DRAFT, encoding="utf-8")
    return tmp_path


def run(args, cwd):
    result = CliRunner().invoke(main, [*args, "--format", "json"], catch_exceptions=False)
    return result, (json.loads(result.stdout) if result.stdout.strip().startswith("{") else None)


def rules_of(document):
    return sorted({f["rule"] for file in document["files"] for f in file["findings"]})


def test_pyproject_section_is_found_by_walking_up(project):
    (project / "pyproject.toml").write_text('[tool.mail-lint]\nselect = ["excuse"]\n', encoding="utf-8")
    assert find_config(project / "templates" / "legal") == project / "pyproject.toml"
    _, document = run([str(project / "templates")], project)
    assert rules_of(document) == ["excuse.nerves"]


def test_pyproject_without_the_section_is_skipped(project):
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert find_config(project / "templates") is None


@pytest.mark.parametrize("name", [".mail-lint.toml", ".mail-lint.yaml"])
def test_dedicated_files_and_all_keys(project, name):
    if name.endswith(".toml"):
        text = ('ignore = ["thank-you"]\nmin-severity = "warning"\nexclude = ["legal/*"]\n'
                '[severity]\n"excuse" = "error"\n')
    else:
        text = 'ignore: [thank-you]\nmin-severity: warning\nexclude: ["legal/*"]\nseverity: {excuse: error}\n'
    (project / name).write_text(text, encoding="utf-8")
    result, document = run([str(project / "templates")], project)
    assert [f["path"].rsplit("/", 1)[1] for f in document["files"]] == ["followup.txt"]  # legal/ excluded
    severities = {f["rule"]: f["severity"] for f in document["files"][0]["findings"]}
    assert severities == {"excuse.nerves": "error", "apology.sorry": "warning"}


def test_per_path_overrides(project):
    (project / ".mail-lint.toml").write_text(
        '[per-path."templates/legal/*"]\nignore = ["apology"]\nassume-followup = true\n', encoding="utf-8")
    _, document = run([str(project / "templates")], project)
    by_file = {f["path"].rsplit("/", 1)[1]: {x["category"] for x in f["findings"]} for f in document["files"]}
    assert "apology" in by_file["followup.txt"]
    assert "apology" not in by_file["notice.txt"] and "excuse" in by_file["notice.txt"]


def test_command_line_overrides_the_file(project):
    (project / ".mail-lint.toml").write_text('select = ["excuse"]\n', encoding="utf-8")
    _, document = run(["--select", "apology", str(project / "templates" / "followup.txt")], project)
    assert rules_of(document) == ["apology.sorry"]
    _, isolated = run(["--isolated", str(project / "templates" / "followup.txt")], project)
    assert len(rules_of(isolated)) == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('selct = ["excuse"]\n', 'unknown key "selct" (did you mean "select"?)'),
        ('min-severity = "loud"\n', "min-severity: unknown severity 'loud'"),
        ("select = [\n", "invalid TOML"),
        ('min-confidence = 2\n', "min-confidence: expected a number from 0 to 1"),
        ('[per-path."*.txt"]\nignroe = ["x"]\n', 'per-path \'*.txt\': unknown key "ignroe" (did you mean "ignore"?)'),
    ],
)
def test_broken_configuration_is_one_line_exit_2(project, text, message):
    path = project / ".mail-lint.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(path)
    result = CliRunner().invoke(main, [str(project / "templates")])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"mail-lint: {path}: ") and message in line
    assert "Traceback" not in result.output


def test_unknown_rule_id_in_configuration_suggests_the_nearest(project):
    path = project / ".mail-lint.toml"
    path.write_text('ignore = ["excuse.nervs"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, [str(project / "templates")])
    assert result.exit_code == 2
    assert f"mail-lint: {path}: ignore: no rule or category starts with 'excuse.nervs'" in result.stderr
    assert "did you mean 'excuse.nerves'?" in result.stderr


def test_extra_pattern_directory_from_configuration(project):
    patterns = project / "house-patterns"
    patterns.mkdir()
    (patterns / "house-style.yaml").write_text(
        "category: house-style\nsummary: s\nwhy: w\ninstead: i\nrules:\n  - id: no-cheers\n    message: m\n"
        "    patterns: [cheers]\n    examples: {fail: [cheers], pass: [thanks]}\n", encoding="utf-8")
    (project / ".mail-lint.toml").write_text('extra-patterns = ["house-patterns"]\nassume-followup = true\n',
                                             encoding="utf-8")
    (project / "templates" / "followup.txt").write_text("Cheers mate\n", encoding="utf-8")
    _, document = run([str(project / "templates" / "followup.txt")], project)
    assert rules_of(document) == ["house-style.no-cheers"]
