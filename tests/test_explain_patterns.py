"""A long alternation may span several lines; ``check-patterns --explain FILE`` shows how each pattern
line splits into items (where an ``a b|c`` slip shows itself)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from mail_lint.cli import main
from mail_lint.pattern_syntax import Lexicon, PatternSyntaxError, compile_pattern, pattern_items
from mail_lint.patterns import builtin_patterns_dir

LEXICON = Lexicon(classes={}, irregular={})

HOUSE = """category: house-style
summary: Uses the words the house style guide forbids.
why: The guide says so.
instead: Use the plain word.
rules:
  - id: jargon
    message: Uses jargon.
    patterns:
      - >-
        we will leverage|
        synergise|synergize
        (the|our) (core competencies|bandwidth)
      - "move the needle|goalposts"
    examples:
      fail: ["We will synergise our bandwidth."]
      pass: ["We will use our time."]
"""


def test_an_alternation_may_continue_on_the_next_line():
    folded = compile_pattern("thank|\n  thanks|thx you", LEXICON)
    assert folded == compile_pattern("thank|thanks|thx you", LEXICON)
    assert compile_pattern("a | b", LEXICON) == compile_pattern("a|b", LEXICON)


def test_a_dangling_bar_is_still_an_error():
    with pytest.raises(PatternSyntaxError):
        compile_pattern("thank|", LEXICON)


def test_items_of_a_line():
    assert pattern_items("please|kindly forgive|excuse me (so much|a lot)?") == [
        "please|kindly", "forgive|excuse", "me", "(so much|a lot)?"]
    assert pattern_items("better|more complete answer") == ["better|more", "complete", "answer"]


def test_check_patterns_explain_splits_every_line_and_marks_the_untested(tmp_path):
    path = tmp_path / "house-style.yaml"
    path.write_text(HOUSE, encoding="utf-8")
    result = CliRunner().invoke(main, ["check-patterns", "--explain", str(path)])
    assert result.exit_code == 1  # one line no fail example matches
    assert result.stdout.splitlines() == [
        "house-style.jargon  we · will · leverage|synergise|synergize · (the|our) · (core competencies|bandwidth)",
        "house-style.jargon  move · the · needle|goalposts    <- no fail example matches this line",
    ]


def test_check_patterns_explain_reads_the_gate_file_too(pattern_set):
    result = CliRunner().invoke(main, ["check-patterns", "--explain", str(builtin_patterns_dir() / "_context.yaml")])
    lines = result.stdout.splitlines()
    assert len(lines) == sum(len(signal.patterns) for signal in pattern_set.signals)
    first = pattern_set.signals[0]
    assert lines[0] == f"{first.name}  {' · '.join(pattern_items(first.patterns[0]))}"


def test_check_patterns_on_the_built_in_folder_checks_its_rules_once(pattern_set, monkeypatch):
    """`mail-lint check-patterns patterns` from a clone: the built-in folder, named relatively, is not
    loaded a second time (it was refused as 'category ... also defined')."""
    folder = builtin_patterns_dir()
    monkeypatch.chdir(folder.parent)
    result = CliRunner().invoke(main, ["check-patterns", folder.name])
    assert result.exit_code == 0, result.output
    assert f"mail-lint: {len(pattern_set.rules)} rules," in result.stderr
