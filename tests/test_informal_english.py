"""The informal-English layer (data/informal-english.tsv): texting abbreviations and contractions typed
without an apostrophe are read as the words they stand for, before any pattern or typo check sees them."""
from __future__ import annotations

import pytest

from mail_lint.nlp import shared_pipeline
from mail_lint.textnorm import informal_lexicon, parse_informal

from .conftest import categories

LEXICON = informal_lexicon()
CASES = (str.lower, str.capitalize, str.upper)


@pytest.fixture(scope="module")
def nlp(pattern_set):
    return shared_pipeline(pattern_set)


def norms(nlp, text: str) -> list[str]:
    return [token.norm_ for token in nlp(text) if not token.is_space]


def test_lexicon_is_loaded_with_every_kind_of_entry():
    assert LEXICON.words["thx"] == "thanks"
    assert LEXICON.pieces["theyre"] == (("they", "they"), ("re", "are"))
    assert LEXICON.after["4"][0] == "for"


@pytest.mark.parametrize("written", sorted(LEXICON.pieces))
def test_several_word_forms_are_read_as_their_words_in_any_case(nlp, written):
    expected = [word for _, word in LEXICON.pieces[written]]
    for case in CASES:
        doc = nlp(f"{case(written)} ok")
        # read as its words: neither left as written nor "corrected" by the typo corrector to another word
        assert [t.norm_ for t in doc][: len(expected)] == expected, case(written)


@pytest.mark.parametrize("written", sorted(LEXICON.words))
def test_one_word_forms_are_read_as_their_word_not_corrected(nlp, written):
    for case in CASES:
        doc = nlp(f"so {case(written)} ok")
        assert doc[1].norm_ == LEXICON.words[written], case(written)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thanks 4 the chat", ["thanks", "for", "the", "chat"]),
        ("thx 4 the chat", ["thanks", "for", "the", "chat"]),
        ("I have 4 years of it", ["i", "have", "4", "years", "of", "it"]),
        ("gr8 2 meet u", ["great", "to", "meet", "you"]),
        ("page 2 of the form", ["page", "2", "of", "the", "form"]),
    ],
)
def test_numbers_are_words_only_after_the_listed_words(nlp, text, expected):
    assert norms(nlp, text) == expected


@pytest.mark.parametrize(("written", "read"),
                         [("wonderin", "wondering"), ("hopin", "hoping"), ("somethin", "something")])
def test_a_dropped_final_g_is_restored(nlp, written, read):
    doc = nlp(f"i was {written} about it")
    assert doc[2].norm_ == read


@pytest.mark.parametrize("word", ["cabin", "margin", "robin", "within"])
def test_words_ending_in_in_are_left_alone(nlp, word):
    assert nlp(f"the {word} is here")[1].norm_ == word


def test_the_same_number_is_read_by_its_own_context_each_time(nlp):
    assert norms(nlp, "4 of us said thanks 4 it") == ["4", "of", "us", "said", "thanks", "for", "it"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("tysm 4 the interview yday!!", "thank-you"),
        ("thx 4 ur time on the call", "thank-you"),
        ("sry 4 the mess i made of the last question", "apology"),
        ("i wasnt feeling well that day, i had a fever", "excuse"),
        ("pls wud u reconsider my application", "second-chance"),
        ("Theyre saying I didnt get it, cud u tell me what i shud improve", "feedback-request"),
    ],
)
def test_informal_drafts_are_linted_as_what_they_say(linter, text, category):
    [result] = linter.lint_bytes("draft.txt", text.encode("utf-8"))
    assert category in categories(result)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("they|re\tthey", "pieces"),
        ("idk\ti do not know", "mark its pieces"),
        ("4\tfor\tbefore: thanks", "third column"),
        ("thx", "expected"),
    ],
)
def test_malformed_lines_name_the_file_and_line(line, problem):
    with pytest.raises(ValueError, match=rf"lexicon.tsv:2: .*{problem}"):
        parse_informal(f"# comment\n{line}\n", "lexicon.tsv")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cheers m8", ["cheers", "mate"]),
        ("pls dont 4get me", ["please", "do", "not", "forget", "me"]),
        ("i shudnt have said it", ["i", "should", "not", "have", "said", "it"]),
        ("did any1 else get a call", ["did", "anyone", "else", "get", "a", "call"]),
    ],
)
def test_numbers_and_letters_typed_for_a_word_are_read_as_it(nlp, text, expected):
    assert norms(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thanks sooo much", ["thanks", "so", "much"]),
        ("pleeease reconsider", ["please", "reconsider"]),
        ("THANKSSSS", ["thanks"]),
        ("toooo late", ["too", "late"]),  # two letters where that is a known word, else one
        ("thank uuu", ["thank", "you"]),  # one letter held down that is itself an informal word
        ("cheers 4 the chat", ["cheers", "for", "the", "chat"]),
        ("tq 4 the call", ["thank", "you", "for", "the", "call"]),
        ("up til 3", ["up", "until", "3"]),
    ],
)
def test_letters_held_down_for_emphasis_are_read_as_the_word(nlp, text, expected):
    assert norms(nlp, text) == expected


@pytest.mark.parametrize("word", ["iii", "zzz", "www", "aaa", "b2bbb"])
def test_runs_of_one_letter_or_not_all_letters_are_left_as_typed(nlp, word):
    assert norms(nlp, f"phase {word} now") == ["phase", word, "now"]
