"""The rule matcher component: exact phrases and token patterns, spaCy Matchers on NORM, each run only
where its anchor word occurs (see anchored.py).

Phrases are compiled to one literal token per word. Stray whitespace inside a line (a double space,
an HTML indent) has already been folded into the token before it by the pipeline, so patterns never
need to allow for it.

Typo tolerance comes from the normalizer, which has already rewritten misspelt words' NORM; a hit that
relies on a corrected word is a "fuzzy" hit and must meet its rule's threshold. Every hit is judged
(negation, conditionals, quotation) before it is kept.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..judgement import judge, sentence_of
from ..pattern_syntax import compiled_words
from ..patterns import PatternSet, Rule
from ..textnorm import normalise_word
from .anchored import AnchoredMatcher
from .typos import TYPOS_KEY

CANCELLED_KEY = "mail_lint_cancelled"  # doc.user_data: list[tuple[Hit, reason]]
SIGNALS_SPANS = "mail_lint_signals"  # doc.spans: gate signals, label = signal name
_OTHER_SIGNALS_DONE = "mail_lint_other_signals"


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


class RuleMatcher:
    """The pipeline component: finds the context gate's signals in every Doc. Rule hits are found on
    demand (``hits``), only for drafts the gate lets through - most mail never pays for them."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.rules: dict[str, Rule] = {}
        self.rule_patterns = AnchoredMatcher(vocab)
        self.hiring_patterns = AnchoredMatcher(vocab)  # run on every Doc
        self.other_signal_patterns = AnchoredMatcher(vocab)  # only where the draft is about a job

    def vocabulary_of(self, pattern_set: PatternSet, tokenize: Callable[[str], Doc]) -> Vocabulary:
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

    def set_patterns(self, pattern_set: PatternSet, phrase_words: Callable[[str], list[str]]) -> None:
        """Compile the pattern set; ``phrase_words`` gives the normalised words of a phrase."""
        for rule in pattern_set.rules:
            self.rules[rule.id] = rule
            for phrase in rule.phrases:
                self.rule_patterns.add(rule.id, "phrase", _literal_pattern(phrase_words(phrase)))
            for specs in rule.compiled:
                self.rule_patterns.add(rule.id, "token", specs)
        for signal in pattern_set.signals:
            target = self.hiring_patterns if signal.kind == "hiring" else self.other_signal_patterns
            for specs in signal.compiled:
                target.add(signal.name, "token", specs)

    def __call__(self, doc: Doc) -> Doc:
        """The gate's hiring signals. The rest (``add_other_signals``) only matter for a draft about a job."""
        doc.spans[SIGNALS_SPANS] = [Span(doc, m.start, m.end, label=m.label) for m in self.hiring_patterns(doc)]
        return doc

    def add_other_signals(self, doc: Doc) -> None:
        """Add the gate's after and against signals to ``doc.spans`` (once)."""
        if doc.user_data.get(_OTHER_SIGNALS_DONE):
            return
        found = [Span(doc, m.start, m.end, label=m.label) for m in self.other_signal_patterns(doc)]
        doc.spans[SIGNALS_SPANS] = list(doc.spans[SIGNALS_SPANS]) + found
        doc.user_data[_OTHER_SIGNALS_DONE] = True

    def hits(self, doc: Doc) -> list[Hit]:
        """The rule hits of a Doc, judged: negated, hypothetical and quoted ones are dropped (and kept in
        ``doc.user_data[CANCELLED_KEY]`` with the reason), as are repeats within a category."""
        raw = [(m.label, m.start, m.end, m.kind) for m in self.rule_patterns(doc)]
        accepted: list[Hit] = []
        seen = _Accepted(doc)
        cancelled: list[tuple[Hit, str]] = []
        for rule_id, start, end, kind in _longest_first(list(dict.fromkeys(raw))):
            rule = self.rules[rule_id]
            hit = _with_typos(doc, Hit(rule_id, start, end, kind, 100.0))
            reason = _typo_verdict(hit, rule) or judge(doc, start, end, rule)
            if reason:
                cancelled.append((hit, reason))
            elif not seen.redundant(hit):
                accepted.append(hit)
                seen.add(hit)
        doc.user_data[CANCELLED_KEY] = cancelled
        return sorted(accepted, key=lambda h: (h.start, h.rule_id))


def _literal_pattern(words: list[str]) -> list[dict]:
    return [{"NORM": word} for word in words]


def _longest_first(raw: list[tuple[str, int, int, str]]) -> list[tuple[str, int, int, str]]:
    return sorted(raw, key=lambda r: (-(r[2] - r[1]), r[1], r[0]))


class _Accepted:
    """The hits accepted so far, indexed so that a new hit is checked in the time of its own length:
    one finding per category and place, and one per rule and sentence."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.tokens: dict[str, set[int]] = {}  # category -> token indexes its accepted hits cover
        self.sentences: set[tuple[str, int]] = set()  # (rule id, sentence start)

    def redundant(self, hit: Hit) -> bool:
        covered = self.tokens.get(_category(hit.rule_id), ())
        return (any(i in covered for i in range(hit.start, hit.end))
                or (hit.rule_id, sentence_of(self.doc, hit.start)[0]) in self.sentences)

    def add(self, hit: Hit) -> None:
        self.tokens.setdefault(_category(hit.rule_id), set()).update(range(hit.start, hit.end))
        self.sentences.add((hit.rule_id, sentence_of(self.doc, hit.start)[0]))


def _category(rule_id: str) -> str:
    return rule_id.split(".", 1)[0]


def _with_typos(doc: Doc, hit: Hit) -> Hit:
    corrections = doc.user_data.get(TYPOS_KEY, {})
    if not any(i in corrections for i in range(hit.start, hit.end)):
        return hit
    written = " ".join(doc[i].lower_ for i in range(hit.start, hit.end))
    meant = " ".join(doc[i].norm_ for i in range(hit.start, hit.end))
    return Hit(hit.rule_id, hit.start, hit.end, "fuzzy", fuzz.ratio(written, meant))


def _typo_verdict(hit: Hit, rule: Rule) -> str | None:
    if hit.matcher != "fuzzy":
        return None
    if rule.fuzzy_threshold is None:
        return "typo match, but the rule matches exact words only"
    if hit.similarity < rule.fuzzy_threshold:
        return f"typo match {hit.similarity:.0f} under the rule's threshold {rule.fuzzy_threshold}"
    return None
