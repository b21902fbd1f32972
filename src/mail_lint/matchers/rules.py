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

import bisect
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..pattern_syntax import compiled_words
from ..patterns import PatternSet
from ..textnorm import normalise_word
from .anchored import AnchoredMatcher, MatchedSpan, sentence_starts
from .typos import TYPOS_SPANS

SIGNALS_SPANS = "mail_lint_signals"  # doc.spans: the gate's hiring signals, label = signal name
OTHER_SIGNALS_SPANS = "mail_lint_other_signals"  # doc.spans: its after and against signals
HITS_SPANS = "mail_lint_hits"  # doc.spans: raw rule hits, label = rule id, id_ = matcher kind
FRAME_MARK = "\x1f"  # a frame part's matches are labelled "<rule id><FRAME_MARK><part name>"
FRAME_PART = "frame-part"


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
        words.update(compiled_words(rule.all_compiled))
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
        self.frames: dict[str, tuple[int, int]] = {}  # frame rule id -> (number of parts, within)

    def set_patterns(self, pattern_set: PatternSet, phrase_words: Callable[[str], list[str]]) -> None:
        """Compile the pattern set; ``phrase_words`` gives the normalised words of a phrase."""
        for rule in pattern_set.rules:
            for phrase in rule.phrases:
                self.rule_patterns.add(rule.id, "phrase", _literal_pattern(phrase_words(phrase)))
            for specs in rule.compiled:
                self.rule_patterns.add(rule.id, "token", specs)
            for part in rule.frame:
                for specs in part.compiled:
                    self.rule_patterns.add(rule.id + FRAME_MARK + part.name, FRAME_PART, specs)
            if rule.frame:
                self.frames[rule.id] = (len(rule.frame), rule.within)
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
        matches = self.rule_patterns(doc)
        if self.frames:
            matches = assemble_frames(doc, matches, self.frames)
        for match in dict.fromkeys(matches):
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


def assemble_frames(doc: Doc, matches: list[MatchedSpan], frames: dict[str, tuple[int, int]]) -> list[MatchedSpan]:
    """The matches with each frame part's replaced by the frames they complete: for each frame rule and
    sentence, the shortest run of tokens holding a match of every part, if it spans at most ``within``
    tokens. Linear in the matches: one sort, then one sliding window per rule and sentence."""
    plain = [m for m in matches if m.kind != FRAME_PART]
    parts = [m for m in matches if m.kind == FRAME_PART]
    if not parts:
        return plain
    starts = sentence_starts(doc)
    by_rule: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    for match in parts:
        rule_id, part = match.label.split(FRAME_MARK, 1)
        sentence = bisect.bisect_right(starts, match.start) - 1
        by_rule.setdefault((rule_id, sentence), []).append((match.start, match.end, part))
    for (rule_id, _), found in by_rule.items():
        needed, within = frames[rule_id]
        best = _shortest_cover(sorted(found), needed)
        if best is not None and best[1] - best[0] <= within:
            plain.append(MatchedSpan(rule_id, "token", best[0], best[1]))
    return plain


def _shortest_cover(found: list[tuple[int, int, str]], needed: int) -> tuple[int, int] | None:
    """The shortest (start, end) holding a match of each of ``needed`` parts; ``found`` sorted by start.
    A sliding window with a monotonic queue for the largest end in it: linear in ``found``."""
    counts: dict[str, int] = {}
    largest: deque[int] = deque()  # indices into found whose ends decrease: largest[0] has the window's end
    best = None
    left = 0
    for right, (_, end, part) in enumerate(found):
        counts[part] = counts.get(part, 0) + 1
        while largest and found[largest[-1]][1] <= end:
            largest.pop()
        largest.append(right)
        while len(counts) == needed:
            start, stop = found[left][0], found[largest[0]][1]
            if best is None or stop - start < best[1] - best[0]:
                best = (start, stop)
            left_part = found[left][2]
            counts[left_part] -= 1
            if not counts[left_part]:
                del counts[left_part]
            if largest[0] == left:
                largest.popleft()
            left += 1
    return best


def _corrected_tokens(doc: Doc) -> set[int]:
    return {span.start for span in doc.spans.get(TYPOS_SPANS, ())}


def _literal_pattern(words: list[str]) -> list[dict]:
    return [{"NORM": word} for word in words]
