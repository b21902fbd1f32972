"""``~word`` yields real forms of the word only: "~be" is not "bed", "~see" is not "seed"."""
from __future__ import annotations

import pytest

from mail_lint.pattern_syntax import compile_pattern, compiled_words

from .conftest import rule_ids


def forms(pattern_set, word: str) -> set[str]:
    return compiled_words(compile_pattern(f"~{word}", pattern_set.lexicon))


@pytest.mark.parametrize(("word", "wrong"), [("be", {"bed", "bing", "bes"}), ("see", {"seed", "seing"}),
                                             ("do", {"doed", "dos"}), ("go", {"goed", "gos"})])
def test_no_made_up_forms(pattern_set, word, wrong):
    assert not forms(pattern_set, word) & wrong


@pytest.mark.parametrize(("word", "expected"), [
    ("be", {"be", "am", "is", "are", "was", "were", "been", "being"}),
    ("see", {"see", "sees", "seeing", "saw", "seen"}),
    ("apologize", {"apologize", "apologizes", "apologized", "apologizing", "apologise", "apologised",
                   "apologising", "apologises"}),
    ("stop", {"stop", "stops", "stopped", "stopping"}),
    ("go", {"go", "goes", "went", "gone", "going"}),
    ("do", {"do", "does", "did", "doing", "done"}),
    ("apply", {"apply", "applies", "applied", "applying"}),
    ("travel", {"travel", "travels", "traveled", "travelled", "traveling", "travelling"}),
    ("interview", {"interview", "interviews", "interviewed", "interviewing"}),
])
def test_real_forms_are_all_there(pattern_set, word, expected):
    assert forms(pattern_set, word) == expected


def test_a_made_up_form_no_longer_fires_a_rule(linter):
    assert rule_ids(linter.lint_text("I am still recovering.")) == ["excuse.illness"]
    assert rule_ids(linter.lint_text("I bed recovering.")) == []
    assert rule_ids(linter.lint_text("I seed you at the interview.")) == []
