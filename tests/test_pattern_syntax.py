from __future__ import annotations

import re

import pytest

from mail_lint.pattern_syntax import (
    Lexicon,
    PatternSyntaxError,
    compile_pattern,
    expand_groups,
    pattern_words,
)
from mail_lint.textnorm import american_spelling, inflections, normalise_word

LEXICON = Lexicon(classes={"intensifier": ("really", "so")}, irregular={"feel": ["felt"]})


def words_only(specs):
    return specs


def test_words_alternatives_and_quantifiers():
    [specs] = compile_pattern("thank|thanks you? @intensifier* for", LEXICON)
    assert words_only(specs) == [
        {"NORM": {"IN": ["thank", "thanks"]}},
        {"NORM": "you", "OP": "?"},
        {"NORM": {"IN": ["really", "so"]}, "OP": "*"},
        {"NORM": "for"},
    ]


def test_wildcards_negated_sets_and_ranges():
    specs = words_only(compile_pattern("i !not|never{0,3} sick _", LEXICON)[0])
    assert specs[1] == {"NORM": {"NOT_IN": ["not", "never"]}, "IS_SPACE": False, "OP": "{0,3}"}
    assert specs[3] == {"IS_SPACE": False}


def test_inflections_include_irregular_and_british_forms():
    [specs] = compile_pattern("~feel", LEXICON)  # one item: no space specs
    assert {"feel", "feels", "feeling", "felt"} <= set(specs[0]["NORM"]["IN"])
    assert {"apologize", "apologized", "apologising"} <= set(inflections("apologize"))
    assert {"stopped", "stopping"} <= set(inflections("stop"))
    assert "cancelled" in inflections("cancel")
    assert {"tries", "tried"} <= set(inflections("try"))


def test_contractions_normalise_like_the_pipeline():
    [specs] = compile_pattern("i 'd n't", LEXICON)
    assert [s["NORM"] for s in words_only(specs)] == ["i", "would", "not"]
    assert normalise_word("I\u2019M") == "i'm"
    assert normalise_word("m", previous="i") == "am"
    assert american_spelling("apologised", {"apologized"}) == "apologized"
    assert american_spelling("apologised", set()) == "apologised"


def test_groups_expand_to_one_pattern_per_choice():
    assert expand_groups("a (b c|d)? e") == ["a  b c  e", "a  d  e", "a    e"]
    assert len(compile_pattern("(today 's|our) _? conversation", LEXICON)) == 2


def test_pattern_words_are_the_typo_vocabulary():
    assert pattern_words("~feel (so|really) sick", LEXICON) >= {"feel", "felt", "so", "really", "sick"}


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("@nosuch word", "unknown word class @nosuch"),
        ("I'd like", "two tokens"),
        ("wi-fi", "not one token"),
        ("word?", "can match nothing"),
        ("a||b", "empty alternative"),
        ("(a|) b", "empty alternative"),
        ("(a b", "unbalanced"),
        ("a) b", "unbalanced"),
        ("x{3,1}", "empty range"),
        ("", "empty pattern"),
    ],
)
def test_syntax_errors_say_what_is_wrong(pattern, problem):
    with pytest.raises(PatternSyntaxError, match=re.escape(problem)):
        compile_pattern(pattern, LEXICON)
