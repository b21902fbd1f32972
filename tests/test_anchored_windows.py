"""A pattern with no anchor word runs only on the stretches of a Doc around its rarest required item
(anchored.AnchoredMatcher._windows): it must find exactly what spaCy's Matcher finds on the whole Doc."""
from __future__ import annotations

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Doc

from mail_lint.matchers.anchored import AnchoredMatcher, anchor_words, pivot_items
from mail_lint.pattern_syntax import compile_pattern

PATTERNS = [  # common words only: no anchor, so each runs where its rarest required item is
    "the _{0,2} of|to",
    "i was|am so? very",
    "a|the ,? of the",
    "to _{1,3} you",
    "it was{1,3} me",
    "and|or @intensifier* the",  # open-ended: the whole Doc
]
VOCAB = spacy.blank("en").vocab
WORDS = ["the", "of", "to", "i", "was", "am", "so", "very", "a", ",", "you", "it", "me", "and", "or", "really",
         ".", "budget"]


def matcher_for(specs, vocab) -> Matcher:
    matcher = Matcher(vocab, validate=False)
    matcher.add("p", [specs], greedy="LONGEST")
    return matcher


def test_only_patterns_bounded_around_an_item_get_windows(pattern_set):
    lexicon = pattern_set.lexicon
    assert anchor_words(compile_pattern("the _{0,2} of|to", lexicon)[0]) is None
    assert [(sorted(words), before, after) for words, before, after
            in pivot_items(compile_pattern("the _{0,2} of|to", lexicon)[0])] == [(["the"], 0, 3), (["of", "to"], 3, 0)]
    assert pivot_items(compile_pattern("and|or @intensifier* the", lexicon)[0]) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60), st.sampled_from(PATTERNS))
def test_windows_find_what_the_whole_doc_has(pattern_set, words, pattern):
    vocab = VOCAB
    doc = Doc(vocab, words=words)
    anchored = AnchoredMatcher(vocab)
    for specs in compile_pattern(pattern, pattern_set.lexicon):
        anchored.add("p", "token", specs)
    expected = []
    for specs in compile_pattern(pattern, pattern_set.lexicon):
        expected += [(s, e) for _, s, e in matcher_for(specs, vocab)(doc)]
    assert [(m.start, m.end) for m in anchored(doc)] == expected
