"""The one place a spaCy pipeline is built: ``spacy.blank("en")`` plus mail-lint's rule components.

    mail_lint_sentences   sentence boundaries: punctuation, blank lines, greeting and heading lines
    mail_lint_normalizer  token.norm_: straight apostrophes, contractions, American spelling, typos
    mail_lint_matcher     raw rule hits to doc.spans["mail_lint_hits"], gate signals to
                          doc.spans["mail_lint_signals"], after judgement (negation, conditionals)

No trained model is needed; the pipeline is built once per process and reused for every draft.
"""
from __future__ import annotations


import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .matchers.rules import RuleMatcher
from .matchers.typos import TYPOS_KEY, TypoCorrector, english_words
from .patterns import PatternSet
from .textnorm import american_spelling, normalise_word

_SHORT_LINE = 40


@Language.component("mail_lint_sentences")
def mark_sentences(doc: Doc) -> Doc:
    """Sentence starts the punctuation sentencizer misses: after blank lines and short unpunctuated lines."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if token.is_space or not previous.is_space or "\n" not in previous.text:
            continue
        if previous.text.count("\n") >= 2 or _ends_short_line(doc, previous.i - 1):
            token.is_sent_start = True
    return doc


def _ends_short_line(doc: Doc, index: int) -> bool:
    if index < 0:
        return True
    last = doc[index]
    line_start = index
    while line_start > 0 and "\n" not in doc[line_start - 1].text and "\n" not in doc[line_start - 1].whitespace_:
        line_start -= 1
    line_length = last.idx + len(last.text) - doc[line_start].idx
    return line_length <= _SHORT_LINE and (last.text in {",", ":"} or not last.is_punct)


class Normalizer:
    """Writes the form matchers compare to ``token.norm_``; records typo corrections in user_data."""

    def __init__(self, corrector: TypoCorrector | None, vocabulary: frozenset[str]):
        self.corrector = corrector
        self.vocabulary = vocabulary

    def __call__(self, doc: Doc) -> Doc:
        corrections = {}
        previous = None
        for token in doc:
            if token.is_space:
                continue
            norm = american_spelling(normalise_word(token.norm_, previous), self.vocabulary)
            if self.corrector is not None:
                correction = self.corrector.correct(norm)
                if correction is not None:
                    corrections[token.i] = correction
                    norm = correction.target
            if norm != token.norm_:
                token.norm_ = norm
            previous = norm
        doc.user_data[TYPOS_KEY] = corrections
        return doc


@Language.factory("mail_lint_normalizer")
def make_normalizer(nlp: Language, name: str) -> Normalizer:
    return Normalizer(None, frozenset())


@Language.factory("mail_lint_matcher")
def make_matcher(nlp: Language, name: str) -> RuleMatcher:
    return RuleMatcher(nlp.vocab)


def build_pipeline(pattern_set: PatternSet) -> Language:
    """A fresh pipeline for these patterns. Prefer ``shared_pipeline`` to build it once per process."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("mail_lint_sentences")
    normalizer: Normalizer = nlp.add_pipe("mail_lint_normalizer")
    matcher: RuleMatcher = nlp.add_pipe("mail_lint_matcher")
    vocabulary = matcher.vocabulary_of(pattern_set, nlp.make_doc)
    normalizer.vocabulary = frozenset(vocabulary.all_words)
    normalizer.corrector = TypoCorrector(vocabulary.fuzzy_words, english_words())
    exact = Normalizer(None, normalizer.vocabulary)
    matcher.set_patterns(pattern_set, lambda text: exact(nlp.make_doc(text)))
    return nlp


_pipelines: dict[int, tuple[PatternSet, Language]] = {}


def shared_pipeline(pattern_set: PatternSet) -> Language:
    """The process-wide pipeline for this pattern set, built on first use."""
    key = id(pattern_set)
    if key not in _pipelines:
        _pipelines[key] = (pattern_set, build_pipeline(pattern_set))
    return _pipelines[key][1]
