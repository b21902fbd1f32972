"""Frame rules: a rule fires where every part of its frame matches in one sentence, in any order,
within its ``within`` tokens; broken frames fail at load time naming the file and rule."""
from __future__ import annotations

import shutil
import textwrap

import pytest

from mail_lint.config import Settings
from mail_lint.examples import unexercised_patterns
from mail_lint.linter import Linter
from mail_lint.matchers.rules import _shortest_cover
from mail_lint.patterns import PatternError, builtin_patterns_dir, load_patterns

FRAME_RULE = """
category: house-style
summary: s
why: w
instead: i
rules:
  - id: ask-again
    message: m
    frame:
      ask: ["could i", "is there any way"]
      again: ["again", "another go"]
    {extra}
    examples: {{fail: ["Could I try again?"], pass: ["Thanks again."]}}
"""


def _pack(tmp_path, extra: str = "") -> tuple:
    base = tmp_path / "patterns"
    shutil.copytree(builtin_patterns_dir(), base)
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "house-style.yaml").write_text(textwrap.dedent(FRAME_RULE.format(extra=extra)), encoding="utf-8")
    return base, pack


@pytest.fixture
def frame_linter(tmp_path):
    base, pack = _pack(tmp_path, "within: 8")
    pattern_set = load_patterns(base, extra_dirs=(pack,))
    return Linter(pattern_set, Settings(assume_followup=True, select=("house-style",)))


def _fired(linter, text: str) -> list[str]:
    [result] = linter.lint_bytes("draft.txt", text.encode("utf-8"))
    return [finding.evidence for finding in result.findings if finding.rule_id == "house-style.ask-again"]


@pytest.mark.parametrize("text", [
    "Could I try the test again?",
    "Another go, is there any way?",  # the parts in the other order
    "cud i go again",  # informal English read as what it stands for
])
def test_a_frame_fires_where_every_part_matches_in_one_sentence(frame_linter, text):
    assert _fired(frame_linter, text)


@pytest.mark.parametrize("text", [
    "Could I ask you about the budget?",  # one part only
    "Thanks again for the slides.",  # the other part only
    "Could I bring the figures. We ran them again.",  # the parts in different sentences
    "Could I say that the long and winding meeting we had on Monday ran again?",  # more than 8 tokens apart
])
def test_a_frame_does_not_fire_without_every_part_in_one_sentence_and_window(frame_linter, text):
    assert not _fired(frame_linter, text)


def test_the_evidence_runs_from_the_first_part_to_the_last(frame_linter):
    assert _fired(frame_linter, "Hello. Could I please try it again tomorrow?") == ["Could I please try it again"]


def test_the_shortest_cover_is_found_in_one_pass():
    found = [(0, 2, "ask"), (5, 6, "again"), (7, 9, "ask"), (12, 13, "again")]
    assert _shortest_cover(found, 2) == (5, 9)
    assert _shortest_cover([(0, 2, "ask"), (1, 6, "ask")], 2) is None
    assert _shortest_cover([(0, 10, "a"), (2, 3, "b"), (4, 5, "c")], 3) == (0, 10)


def test_many_part_matches_in_one_huge_sentence_stay_cheap(frame_linter):
    # 20,000 of each part in one sentence: the window is linear, and the parts are within reach
    text = "could i do it again " * 20_000
    assert _fired(frame_linter, text)


@pytest.mark.parametrize(("extra", "frame", "expected"), [
    ("", "frame: {ask: [could i]}", "'frame' must map 2 to 4 part names"),
    ("", "frame: {ask: [could i], again: []}", "frame part 'again' has no patterns"),
    ("", "frame: {ask: [could i], again: ['@nope']}", "unknown word class @nope"),
    ("within: 500", None, "'within' must be a whole number of tokens from 1 to 60"),
])
def test_broken_frames_fail_at_load_naming_the_rule(tmp_path, extra, frame, expected):
    base, pack = _pack(tmp_path, extra)
    path = pack / "house-style.yaml"
    if frame:
        text = path.read_text(encoding="utf-8")
        start = text.index("    frame:")
        end = text.index("    examples:")
        path.write_text(text[:start] + "    " + frame + "\n" + text[end:], encoding="utf-8")
    with pytest.raises(PatternError) as error:
        load_patterns(base, extra_dirs=(pack,))
    assert 'rule "ask-again"' in str(error.value) and expected in str(error.value)


def test_every_frame_part_line_must_be_exercised_by_an_example(tmp_path):
    base, pack = _pack(tmp_path)
    pattern_set = load_patterns(base, extra_dirs=(pack,))
    rule = pattern_set.rule("house-style.ask-again")
    # "is there any way" and "another go" are matched by no fail example
    assert len(unexercised_patterns(pattern_set, [rule])) == 2
