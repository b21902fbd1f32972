"""--jobs spreads files over processes without changing results; teams validate their own patterns."""
from __future__ import annotations

import json

from click.testing import CliRunner

from mail_lint.cli import main
from mail_lint.runner import CHUNK

FOLLOW_UP = "Dear Ms. Park,\n\nThank you for the interview for the analyst role.\nI am so sorry I was nervous.\n"
CLEAN = "Hi Tom,\n\nThe invoice is attached.\n\nNadia\n"


def test_jobs_gives_the_same_results_in_the_same_order(tmp_path):
    count = 2 * CHUNK + 30  # enough for the process pool (fewer files are linted in one process)
    for index in range(count):
        (tmp_path / f"draft-{index:03}.txt").write_text(FOLLOW_UP if index % 3 == 0 else CLEAN, encoding="utf-8")
    one = CliRunner().invoke(main, ["--format", "json", "--jobs", "1", str(tmp_path)])
    two = CliRunner().invoke(main, ["--format", "json", "--jobs", "2", str(tmp_path)])
    assert one.exit_code == two.exit_code == 1
    assert json.loads(one.stdout) == json.loads(two.stdout)
    assert json.loads(two.stdout)["summary"]["findings"] == len(range(0, count, 3)) * 3


HOUSE_STYLE = """category: house-style
summary: Our own rules.
why: House style.
instead: Say it plainly.
rules:
  - id: no-cheers
    message: Sign off without "cheers".
    patterns: ["cheers mate|all|everyone"]
    examples:
      fail: ["Cheers mate, see you Monday."]
      pass: ["{passing}"]
"""


def test_check_patterns_runs_a_teams_examples(tmp_path):
    (tmp_path / "house-style.yaml").write_text(HOUSE_STYLE.format(passing="Thanks, see you Monday."), encoding="utf-8")
    good = CliRunner().invoke(main, ["check-patterns", str(tmp_path)])
    assert good.exit_code == 0, good.output
    assert "1 rules, 2 examples, 0 failing" in good.stderr
    (tmp_path / "house-style.yaml").write_text(HOUSE_STYLE.format(passing="Cheers all!"), encoding="utf-8")
    bad = CliRunner().invoke(main, ["check-patterns", str(tmp_path)])
    assert bad.exit_code == 1
    assert f'{tmp_path / "house-style.yaml"}: rule "no-cheers": pass example is flagged: \'Cheers all!\'' in bad.stdout


def test_check_patterns_reports_a_pattern_no_fail_example_matches(tmp_path):
    slipped = HOUSE_STYLE.replace('patterns: ["cheers mate|all|everyone"]',
                                  'patterns: ["cheers mate|all|everyone", "see you|ya later|soon"]')
    (tmp_path / "house-style.yaml").write_text(slipped.format(passing="Thanks, see you Monday."), encoding="utf-8")
    result = CliRunner().invoke(main, ["check-patterns", str(tmp_path)])
    assert result.exit_code == 1
    assert "no fail example matches pattern 'see you|ya later|soon'" in result.stdout


def test_check_patterns_reports_invalid_files(tmp_path):
    (tmp_path / "house-style.yaml").write_text(HOUSE_STYLE.replace("patterns:", "pattern:").format(passing="x"),
                                               encoding="utf-8")
    result = CliRunner().invoke(main, ["check-patterns", str(tmp_path)])
    assert result.exit_code == 2
    assert 'unknown key "pattern" (did you mean "patterns"?)' in result.stderr
