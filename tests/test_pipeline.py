"""The pipeline's own sentence and whitespace components, against the slow, obvious way to do the same."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

spacy = pytest.importorskip("spacy")

from mail_lint.nlp import SentenceSplitter, fold_whitespace  # noqa: E402


@pytest.fixture(scope="module")
def tokenizer():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def sentencizer():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def reference_starts(sentencizer, text: str) -> list[bool]:
    """spaCy's Sentencizer, then a sentence after every whitespace token holding a line break."""
    doc = sentencizer(text)
    for token in doc:
        if token.is_space and "\n" in token.text and token.i + 1 < len(doc) and not doc[token.i + 1].is_space:
            doc[token.i + 1].is_sent_start = True
    return [bool(token.is_sent_start) for token in doc]


PIECES = st.sampled_from(["Thanks", "for", "the", "interview", "I", "was", "nervous", ".", "!", "?", "?!", "...",
                          ",", ":", "'", '"', ")", "(", " ", "  ", "\n", "\n\n", " \n ", "\r\n", "—", "।", "e.g.",
                          "Mr.", "3.5", "U.S.", "sorry", "-"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_sentence_splitter_agrees_with_spacys_sentencizer_and_the_line_break_rule(tokenizer, sentencizer, text):
    ours = SentenceSplitter(tokenizer.vocab)(tokenizer.make_doc(text))
    assert [bool(token.is_sent_start) for token in ours] == reference_starts(sentencizer, text)


@pytest.mark.parametrize("text, sentences", [
    ("Thank you for the interview.  I was so nervous.", ["Thank you for the interview.", "I was so nervous."]),
    ("Hi Dana,\nThank  you  for  your  time", ["Hi Dana,", "Thank you for your time"]),
    ("Sorry to  bother you.\r\n\r\nBest  regards", ["Sorry to bother you.", "Best regards"]),
])
def test_folding_whitespace_keeps_sentences_and_joins_words(tokenizer, text, sentences):
    doc = fold_whitespace(SentenceSplitter(tokenizer.vocab)(tokenizer.make_doc(text)))
    assert [" ".join(sentence.text.split()) for sentence in doc.sents if not sentence.text.isspace()] == sentences
    assert not any(token.is_space and "\n" not in token.text for token in doc), "no stray whitespace token is left"


TEXTS = st.lists(st.sampled_from(["Thanks", "for", "the", "interview", "I'm", "sorry", "(really)", "e-mail", ".", ",",
                                  "?!", "—", " ", "  ", " " * 70, "\n", "\n\n", "\r\n", "\t", " \n \n ", "\u00a0",
                                  "https://example.com/a", "{{ name }}", "don't"]), max_size=60).map("".join)


@pytest.fixture(scope="module")
def pipeline(pattern_set):
    from mail_lint.nlp import shared_pipeline

    return shared_pipeline(pattern_set)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_the_pipelines_tokenizer_splits_exactly_as_spacys(pipeline, tokenizer, text):
    """The pipeline tells the tokenizer that whitespace runs need no affix search; tokens must not change."""
    ours, reference = pipeline.make_doc(text), tokenizer.make_doc(text)
    assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in reference]


def test_the_pipeline_round_trips_through_to_disk_and_spacy_load(pipeline, tmp_path):
    """All of a component's setup is in its config, so a saved pipeline loads as the same pipeline: in a
    fresh process, which finds the patterns again from the config."""
    import json
    import subprocess
    import sys

    pipeline.to_disk(tmp_path / "pipeline")
    text = "Hi Dana,\nI WASN'T feeling well during our interview.  Thank you for the intervew, and any feedback."
    script = (
        "import json, sys, spacy\n"
        "import mail_lint.nlp\n"
        "from mail_lint.matchers.rules import HITS_SPANS, SIGNALS_SPANS\n"
        f"nlp = spacy.load({str(tmp_path / 'pipeline')!r})\n"
        "doc = nlp.get_pipe('mail_lint_matcher').find_hits(nlp(sys.argv[1]))\n"
        "print(json.dumps([type(nlp).__name__, nlp.pipe_names, [t.norm_ for t in doc],\n"
        "                  [(s.label_, s.start, s.end) for s in doc.spans[SIGNALS_SPANS]],\n"
        "                  [(s.label_, s.start, s.end, s.id_) for s in doc.spans[HITS_SPANS]]]))\n"
    )
    run = subprocess.run([sys.executable, "-c", script, text], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    from mail_lint.matchers.rules import HITS_SPANS, SIGNALS_SPANS

    matcher = [component for name, component in pipeline.pipeline if name == "mail_lint_matcher"][0]
    doc = matcher.find_hits(pipeline(text))
    here = ["MailEnglish", pipeline.pipe_names, [t.norm_ for t in doc],
            [[s.label_, s.start, s.end] for s in doc.spans[SIGNALS_SPANS]],
            [[s.label_, s.start, s.end, s.id_] for s in doc.spans[HITS_SPANS]]]
    assert json.loads(run.stdout) == here
    assert "fuzzy" in [s.id_ for s in doc.spans[HITS_SPANS]]  # "intervew" was read as "interview"
