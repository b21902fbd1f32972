from __future__ import annotations

import pytest

from mail_lint.matchers.typos import TypoCorrector, english_words

from .conftest import rule_ids

VOCABULARY = {"opportunity", "thank", "interview", "feeling", "hire", "simple", "absolute", "nervous"}


@pytest.fixture(scope="module")
def corrector():
    return TypoCorrector(VOCABULARY, english_words())


@pytest.mark.parametrize(("typo", "meant"), [("oportunity", "opportunity"), ("thnak", "thank"),
                                             ("interveiw", "interview"), ("nervus", "nervous")])
def test_misspellings_are_read_as_the_pattern_word(corrector, typo, meant):
    assert corrector.correct(typo).target == meant


@pytest.mark.parametrize("word", ["here", "simply", "absolutely", "feelings", "interviews", "hir", "opportunity"])
def test_real_words_and_short_words_are_left_alone(corrector, word):
    assert corrector.correct(word) is None


def test_english_word_list_is_bundled():
    words = english_words()
    assert len(words) > 50_000
    assert {"here", "simply", "interview"} <= words


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("thnak you for the oportunity to interview", "thank-you.for-the-opportunity"),
        ("I wasnt feeling well that day", "excuse.illness"),
        ("I was so nervus that day", "excuse.nerves"),
        ("Could you pleaase reconsidr my application", "second-chance.reconsider"),
    ],
)
def test_typos_are_found_and_marked_fuzzy(linter, text, rule_id):
    result = linter.lint_text(text)
    assert rule_id in rule_ids(result)


def test_fuzzy_findings_carry_the_words_as_written(linter):
    [finding] = [f for f in linter.lint_text("thnak you for the oportunity").findings]
    assert finding.matcher == "fuzzy"
    assert finding.evidence.startswith("thnak you for the oportunity")
    assert finding.confidence < 1.0
