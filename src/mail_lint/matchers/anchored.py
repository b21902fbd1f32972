"""Patterns that only run where they can match: a spaCy Matcher per pattern, keyed by an anchor.

Every compiled pattern has required items; the rarest of them (a set of words with no function word
in it) is the pattern's anchor. A pattern runs only on the sentences of a Doc that contain one of its
anchor words - for ordinary mail that is a handful of short sentences instead of every token times
every pattern. A pattern without such an item runs on the whole Doc.

Before a Matcher runs on a sentence, every required item of its pattern must have one of its words
somewhere in that sentence (a set lookup on NORM hashes): a sentence with "interview" but no "thank"
never reaches the Matcher of "thank you for the interview", which would make a Token object for each
of its positions.

A pattern's Matcher is built the first time a sentence reaches it: most patterns never do in a run
(compiling all 1,700 costs a third of a second of every start and 10 MB).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy
from spacy.attrs import NORM, SENT_START
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..pattern_syntax import required_words

# Words too common to narrow anything down.
COMMON = frozenset("""
i me my mine myself we us our you your yours he him his she her it its they them their the a an this that these
those to of for in on at by with from about as into over after before up out off so very really just also
and or but if then than because while is am are was were be been being have has had having do does did doing
not no never will would can could should shall may might must any some all each every more most much many
again once still even only too well there here what which who whom whose when where why how please
, . ! ? ; : - ' 's n't
""".split())


@dataclass(frozen=True, slots=True)
class MatchedSpan:
    label: str
    kind: str  # phrase | token
    start: int
    end: int


class AnchoredMatcher:
    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self._entries: list[tuple[str, str, list[dict]]] = []  # label, kind, token specs
        self._matchers: list[Matcher | None] = []  # each entry's Matcher, once built
        self._required: list[tuple[frozenset[int], ...]] = []
        self._by_word: dict[int, list[int]] = {}  # anchor word's hash -> entries
        self._everywhere: list[int] = []
        self._pivots: dict[int, tuple[tuple[frozenset[int], int, int], ...]] = {}  # see _windows
        self._anchor_words: frozenset[int] | None = None  # the keys of _by_word as a set, made on first use

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, label: str, kind: str, specs: list[dict]) -> None:
        index = len(self._entries)
        self._entries.append((label, kind, specs))
        self._matchers.append(None)
        strings = self.vocab.strings
        strings.add(label)  # for good, as a Matcher built now would add it (spans are labelled with it)
        self._required.append(tuple(frozenset(map(strings.add, item)) for item in required_items(specs)))
        anchor = anchor_words(specs)
        if anchor is None:
            self._everywhere.append(index)
            self._pivots[index] = tuple((frozenset(map(strings.add, words)), before, after)
                                        for words, before, after in pivot_items(specs))
        else:
            for word in anchor:
                self._by_word.setdefault(strings.add(word), []).append(index)
            self._anchor_words = None

    def _matcher(self, entry: int) -> Matcher:
        """The entry's Matcher, built on first use. spaCy's schema check costs 0.1-0.2 s over ~1,000
        patterns; our compiler writes the specs, and check-patterns and the tests (examples.py) run
        every line through a validating Matcher, so a run does not repeat it."""
        matcher = self._matchers[entry]
        if matcher is None:
            label, _, specs = self._entries[entry]
            matcher = Matcher(self.vocab, validate=False)
            matcher.add(label, [specs], greedy="LONGEST")
            self._matchers[entry] = matcher
        return matcher

    def __call__(self, doc: Doc) -> list[MatchedSpan]:
        if not len(doc):
            return []
        norms = doc.to_array(NORM).tolist()
        distinct = set(norms)
        by_word = self._by_word
        if self._anchor_words is None:
            self._anchor_words = frozenset(by_word)
        # hashes: no string is looked up for the other words (set & set walks the smaller: the Doc's words,
        # not the thousand anchors of the rules)
        anchors = distinct & self._anchor_words
        found: list[MatchedSpan] = []
        if anchors:
            first_tokens = sentence_starts(doc)
            sentence_ends = first_tokens[1:] + [len(doc)]
            wanted: dict[int, set[int]] = {}
            for index, value in enumerate(norms):  # one pass: each anchor token's sentence
                if value in anchors:
                    sentence = bisect.bisect_right(first_tokens, index) - 1
                    for entry in by_word[value]:
                        wanted.setdefault(entry, set()).add(sentence)
            words_of: dict[int, set[int]] = {}
            for entry, sentences in wanted.items():
                label, kind, _ = self._entries[entry]
                required = self._required[entry]
                matcher = None
                for sentence in sentences:
                    start = first_tokens[sentence]
                    words = words_of.get(sentence)
                    if words is None:
                        words = words_of[sentence] = set(norms[start : sentence_ends[sentence]])
                    if any(item.isdisjoint(words) for item in required):  # no set built per item
                        continue
                    if matcher is None:
                        matcher = self._matcher(entry)
                    for _, match_start, match_end in matcher(doc[start : sentence_ends[sentence]]):
                        found.append(MatchedSpan(label, kind, start + match_start, start + match_end))
        positions: dict[int, list[int]] | None = None
        for entry in self._everywhere:
            label, kind, _ = self._entries[entry]
            if any(item.isdisjoint(distinct) for item in self._required[entry]):
                continue
            if positions is None:
                positions = {}
                for index, value in enumerate(norms):
                    positions.setdefault(value, []).append(index)
            windows = self._windows(entry, positions, len(doc))
            matcher = self._matcher(entry)
            if windows is None:
                found.extend(MatchedSpan(label, kind, s, e) for _, s, e in matcher(doc))
                continue
            matches = [(start + s, start + e) for start, end in windows for _, s, e in matcher(doc[start:end])]
            matches.sort(key=lambda match: (match[0] - match[1], match[0]))  # the Doc's order: longest first
            found.extend(MatchedSpan(label, kind, s, e) for s, e in matches)
        return found

    def _windows(self, entry: int, positions: dict[int, list[int]], length: int) -> list[tuple[int, int]] | None:
        """Where a pattern without an anchor can match, or None for the whole Doc. Every match holds a token
        of each required item, and reaches at most so many tokens before and after it when the items
        around are bounded: the stretches around the rarest such item's tokens (merged where they overlap)
        hold every match the whole Doc has. The Matcher then runs on them alone, making no Token object
        for the rest; it keeps the longest of overlapping matches, and matches in separate stretches never
        overlap, so what it finds is what it finds on the whole Doc."""
        best = None
        for words, before, after in self._pivots[entry]:
            at = sorted(index for word in words for index in positions.get(word, ()))
            if best is None or len(at) < len(best[0]):
                best = (at, before, after)
        if best is None:
            return None
        at, before, after = best
        windows: list[tuple[int, int]] = []
        for index in at:
            start, end = max(0, index - before), min(length, index + after + 1)
            if windows and start < windows[-1][1]:
                windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
            else:
                windows.append((start, end))
        if len(windows) == 1 and windows[0] == (0, length):
            return None
        return windows


def sentence_starts(doc: Doc) -> list[int]:
    """Where the Doc's sentences start, read from the SENT_START column (doc.sents makes Span objects)."""
    starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    return starts if starts and starts[0] == 0 else [0, *starts]


def pivot_items(specs: list[dict]) -> list[tuple[frozenset[str], int, int]]:
    """The required items whose matched token lies at most so many tokens after a match's start and
    before its end: (words, tokens before, tokens after), for each one the pattern bounds on both sides."""
    lengths = [_longest(spec.get("OP")) for spec in specs]
    pivots = []
    for index, spec in enumerate(specs):
        words = required_words([spec])
        if not words or None in lengths:
            continue
        own = lengths[index] - 1  # the item's other tokens, when it takes several
        pivots.append((words[0], sum(lengths[:index]) + own, sum(lengths[index + 1 :]) + own))
    return pivots


def _longest(op: str | None) -> int | None:
    """How many tokens an item with this quantifier takes at most (None: no bound)."""
    if op is None or op == "?":
        return 1
    if op.startswith("{"):
        bounds = op.strip("{}").split(",")
        top = bounds[-1].strip()
        return int(top) if top else None
    return None  # * and +


def anchor_words(specs: list[dict]) -> frozenset[str] | None:
    """The words of the most selective required item, or None when every required item is common."""
    candidates = [words for words in required_items(specs) if not words & COMMON]
    return min(candidates, key=len) if candidates else None


def required_items(specs: list[dict]) -> list[frozenset[str]]:
    """For each item a match cannot do without and that names its words (NORM or NORM IN), those words."""
    return required_words(specs)
