"""--jobs spreads files over processes without changing results; teams validate their own patterns."""
from __future__ import annotations

import json
import multiprocessing
import os

import pytest
from click.testing import CliRunner

from mail_lint import nlp
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


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="workers are spawned here")
def test_forked_workers_use_the_parents_pipeline_instead_of_building_their_own(tmp_path, monkeypatch):
    builds = tmp_path / "builds.txt"  # every pipeline built, by the id of the process that built it
    original = nlp._build

    def recorded(pattern_set):
        with builds.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return original(pattern_set)

    monkeypatch.setattr(nlp, "_build", recorded)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for index in range(3 * CHUNK):
        (drafts / f"draft-{index:03}.txt").write_text(FOLLOW_UP, encoding="utf-8")
    result = CliRunner().invoke(main, ["--format", "json", "--jobs", "2", str(drafts)])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["findings"] == 3 * CHUNK * 3  # every chunk linted
    built_by = set(builds.read_text(encoding="utf-8").split()) if builds.exists() else set()
    assert built_by <= {str(os.getpid())}


def test_a_run_freezes_what_lives_as_long_as_it_and_hands_it_back_at_the_end(tmp_path, pattern_set):
    """The pattern set and pipeline leave the collector's scans once built (runner.lint_files), and come
    back when the run ends: a caller in the same process, like this test suite, keeps its collector."""
    import gc

    from mail_lint.config import Config
    from mail_lint.runner import lint_files

    for index, text in enumerate((CLEAN, FOLLOW_UP, CLEAN)):
        (tmp_path / f"draft-{index}.txt").write_text(text, encoding="utf-8")
    items = [str(path) for path in sorted(tmp_path.iterdir())]
    assert gc.get_freeze_count() == 0
    counts = [gc.get_freeze_count() for _ in lint_files(items, Config(), pattern_set)]
    assert counts[-1] > 0  # frozen once the follow-up built (or found) the pipeline
    assert gc.get_freeze_count() == 0


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


def test_worker_tasks_cover_every_file_in_order_and_end_in_smaller_ones():
    from mail_lint.runner import TAIL_CHUNK, _chunks

    for count in (0, 5, CHUNK, 4 * CHUNK + 7, 40 * CHUNK + 3):
        items = [f"f{i}" for i in range(count)]
        chunks = _chunks(items, 2)
        assert [item for chunk in chunks for item in chunk] == items
        assert all(0 < len(chunk) <= CHUNK for chunk in chunks)
        small = [chunk for chunk in chunks if len(chunk) <= TAIL_CHUNK]
        assert sum(map(len, small)) >= min(count, 4 * CHUNK - TAIL_CHUNK)  # the last 2 * jobs chunks' worth


def test_the_parent_lints_alone_only_until_it_has_built_the_pipeline(tmp_path, monkeypatch, pattern_set):
    """Where workers are spawned (no fork: runner._spread), they wait for the parent: it hands them every
    file after the first that needs spaCy (ordinary mail before it is screened out here, without the
    pipeline). Where the platform forks, parallel.py runs the screen ahead instead (test_parallel.py)."""
    from mail_lint import runner
    from mail_lint.config import Config

    handed: list[str] = []

    class InProcessPool:  # the pool's work, done here, recording what it was given
        def __init__(self, jobs, mp_context=None, initializer=None, initargs=()):
            initializer(*initargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def map(self, function, chunks, names):
            for chunk, name in zip(chunks, names, strict=True):
                handed.extend(chunk)
                yield function(chunk, name)

    monkeypatch.setattr(runner, "ProcessPoolExecutor", InProcessPool)
    monkeypatch.setattr(runner, "_FORK", None)
    texts = [CLEAN, CLEAN, FOLLOW_UP] + [FOLLOW_UP if i % 5 == 0 else CLEAN for i in range(2 * CHUNK)]
    for index, text in enumerate(texts):
        (tmp_path / f"draft-{index:04}.txt").write_text(text, encoding="utf-8")
    config = Config(screen=True)
    items = runner.collect((str(tmp_path),), config)
    two = list(runner.lint_files(items, config, pattern_set, jobs=2))
    assert handed == items[3:]  # two screened out, the third built the pipeline: the rest went to workers
    assert two == list(runner.lint_files(items, config, pattern_set, jobs=1))
