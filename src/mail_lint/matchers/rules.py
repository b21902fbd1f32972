"""The rule matcher component: it only finds. Exact phrases and token patterns are spaCy Matchers on
NORM, each run only where its anchor word occurs (see anchored.py); what they find goes to ``doc.spans``
as raw spans, the shape of spaCy's own SpanRuler:

    doc.spans["mail_lint_signals"]        the context gate's hiring signals (every Doc), label = signal
    doc.spans["mail_lint_other_signals"]  its after and against signals (``find_other_signals``)
    doc.spans["mail_lint_hits"]           rule hits (``find_hits``), label = rule id, ``span.id_`` = the
                                          matcher kind: phrase | token | fuzzy (a hit on a typo-corrected
                                          word; ``raw_hits`` gives its similarity)

Phrases are compiled to one literal token per word. Stray whitespace inside a line (a double space,
an HTML indent) has already been folded into the token before it by the pipeline, so patterns never
need to allow for it. No judgement, threshold or de-duplication happens here: the linter decides.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..pattern_syntax import compiled_words
from ..patterns import PatternSet
from ..textnorm import normalise_word
from .anchored import AnchoredMatcher
from .typos import TYPOS_SPANS

SIGNALS_SPANS = "mail_lint_signals"  # doc.spans: the gate's hiring signals, label = signal name
OTHER_SIGNALS_SPANS = "mail_lint_other_signals"  # doc.spans: its after and against signals
HITS_SPANS = "mail_lint_hits"  # doc.spans: raw rule hits, label = rule id, id_ = matcher kind


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule matched tokens [start, end) of a Doc."""

    rule_id: str
    start: int
    end: int
    matcher: str  # phrase | token | fuzzy
    similarity: float  # 100 for exact hits


@dataclass
class Vocabulary:
    all_words: set[str] = field(default_factory=set)
    fuzzy_words: set[str] = field(default_factory=set)


def vocabulary_of(pattern_set: PatternSet, tokenize: Callable[[str], Doc]) -> Vocabulary:
    """The words the patterns can match (all), and those of rules that allow typos (fuzzy)."""
    vocabulary = Vocabulary()
    for rule in pattern_set.rules:
        words: set[str] = set()
        for phrase in rule.phrases:
            words.update(normalise_word(t.text) for t in tokenize(phrase))
        words.update(compiled_words(rule.compiled))
        vocabulary.all_words |= words
        if rule.fuzzy_threshold is not None:
            vocabulary.fuzzy_words |= words
    for signal in pattern_set.signals:
        vocabulary.all_words |= compiled_words(signal.compiled)
    return vocabulary


class RuleMatcher:
    """The pipeline component: finds the context gate's hiring signals in every Doc. The other signals
    and the rule hits are found on demand, only for drafts that need them - most mail never pays."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.rule_patterns = AnchoredMatcher(vocab)
        self.hiring_patterns = AnchoredMatcher(vocab)  # run on every Doc
        self.other_signal_patterns = AnchoredMatcher(vocab)  # only where the draft is about a job

    def set_patterns(self, pattern_set: PatternSet, phrase_words: Callable[[str], list[str]]) -> None:
        """Compile the pattern set; ``phrase_words`` gives the normalised words of a phrase."""
        for rule in pattern_set.rules:
            for phrase in rule.phrases:
                self.rule_patterns.add(rule.id, "phrase", _literal_pattern(phrase_words(phrase)))
            for specs in rule.compiled:
                self.rule_patterns.add(rule.id, "token", specs)
        for signal in pattern_set.signals:
            target = self.hiring_patterns if signal.kind == "hiring" else self.other_signal_patterns
            for specs in signal.compiled:
                target.add(signal.name, "token", specs)

    def __call__(self, doc: Doc) -> Doc:
        """The gate's hiring signals. The rest (``find_other_signals``) only matter for a draft about a job."""
        doc.spans[SIGNALS_SPANS] = [Span(doc, m.start, m.end, label=m.label) for m in self.hiring_patterns(doc)]
        return doc

    def find_other_signals(self, doc: Doc) -> Doc:
        """The gate's after and against signals, to ``doc.spans`` (once)."""
        if OTHER_SIGNALS_SPANS not in doc.spans:
            found = self.other_signal_patterns(doc)
            doc.spans[OTHER_SIGNALS_SPANS] = [Span(doc, m.start, m.end, label=m.label) for m in found]
        return doc

    def find_hits(self, doc: Doc) -> Doc:
        """Every raw rule hit, to ``doc.spans["mail_lint_hits"]``: labelled with the rule id, ``id_`` its kind."""
        corrected = _corrected_tokens(doc)
        spans = []
        for match in dict.fromkeys(self.rule_patterns(doc)):
            fuzzy = corrected and any(i in corrected for i in range(match.start, match.end))
            spans.append(Span(doc, match.start, match.end, label=match.label, span_id="fuzzy" if fuzzy else match.kind))
        doc.spans[HITS_SPANS] = spans
        return doc


def raw_hits(doc: Doc) -> list[Hit]:
    """The hits ``find_hits`` wrote, as values; a fuzzy hit's similarity compares the words as written
    with the words they were read as (rapidfuzz ratio, 0..100)."""
    hits = []
    for span in doc.spans.get(HITS_SPANS, ()):
        similarity = 100.0
        if span.id_ == "fuzzy":
            written = " ".join(token.lower_ for token in span)
            meant = " ".join(token.norm_ for token in span)
            similarity = fuzz.ratio(written, meant)
        hits.append(Hit(span.label_, span.start, span.end, span.id_, similarity))
    return hits


def _corrected_tokens(doc: Doc) -> set[int]:
    return {span.start for span in doc.spans.get(TYPOS_SPANS, ())}


def _literal_pattern(words: list[str]) -> list[dict]:
    return [{"NORM": word} for word in words]
