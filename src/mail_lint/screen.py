"""A screen in front of the context gate: could this draft's text make the gate say yes at all?

Most mail that passes through the pre-send hook, and most of a mail archive or a folder of drafts,
is ordinary mail, and building the spaCy pipeline just to hear "not a follow-up" costs about a second
(and tokenizing each draft, most of a batch run's time). The linter (linter.py, ``screen=True``:
the command line, the Python API and the hook) decides the drafts ruled out here without the
pipeline: the gate would refuse them, and a refused draft gets no findings. The gate (context.py) says yes only when its
"after" signals and enough "hiring" signals fire, in the sender's own text or in the quoted text; a
signal fires only when one of its patterns matches, and a pattern matches only when each of its
required items finds one of its words among the tokens' NORMs. This module answers the same
question from the words of the text alone, without spaCy, and errs only towards "maybe":

- the trigger words are read from the gate's own compiled patterns (patterns/_context.yaml and the
  lexicon, as loaded into the PatternSet), so the screen and the gate cannot drift apart; the hook
  reads them from the same tables built ahead and shipped (gate_tables.py), used only while they
  match the pattern files;
- a token's NORM is its lower-cased text, British spellings made American, a dropped final g put
  back, or a typo corrected towards a pattern word. A word of the text counts for a trigger when it
  is the trigger, or any of those steps can make it one (for typos: same first letter, same length
  rules, not an English word; the corrector picks one of those candidates, the screen accepts them
  all). Informal forms (data/informal-english.tsv: "thx", "2day", "theyre") count for what they are
  read as wherever they are written in the text, whatever the word before them;
- words a token can also get from other letters (contractions: "I'm" -> "am", spaCy's tokenizer
  exceptions: "gonna" -> "going to", "'cause" -> "because") are read through a table built from those
  exceptions (data/respelt.tsv, ``respellings``): "because" counts when "because", "cuz" or "cause" is
  written, "i" when "i", "im" or "ive" is. Items of other tokens ("4", "&") are not screened; the
  pattern is then judged by its other items, or is taken as always able to match;
- weights are counted in the gate's favour: every possibly-firing hiring and after signal, no
  against signal.

tests/test_screen.py checks all of this against the real pipeline: every spaCy tokenizer exception,
and a property test that whenever the screen says no, the full gate says no too.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache, partial
from importlib import resources

from .draft import Draft
from .finding import ContextDecision
from .gate_tables import SCREENED_WORD, GateTables, shipped_tables, tables_of
from .patterns import PatternSet, gate_says_followup
from .textnorm import (
    _BARE_CONTRACTIONS_AFTER_I,
    _BRITISH_SUFFIXES,
    _CONTRACTIONS,
    TYPO_MIN_LENGTH,
    informal_lexicon,
    max_typo_distance,
    stretched_forms,
)
from .words import english_words

RESPELT_DATA = "respelt.tsv"
_CONTRACTION_PIECES = {  # "'d" -> "d", "n't" -> "t": the run of letters a contraction piece ends with
    re.sub(r"[^a-z]", " ", written).split()[-1]: word
    for written, word in (*_CONTRACTIONS.items(), *_BARE_CONTRACTIONS_AFTER_I.items())
}


@lru_cache(maxsize=1)
def respellings() -> dict[str, frozenset[str]]:
    """Run of letters -> the words a token written inside it can be read as, besides its own letters:
    spaCy's tokenizer exceptions (data/respelt.tsv: "gonna" -> going, to; "im" -> i, am; "cuz" ->
    because) and the contraction pieces the normaliser expands ("'d" -> would, "n't" -> not)."""
    text = (resources.files("mail_lint") / "data" / RESPELT_DATA).read_text(encoding="utf-8")
    table: dict[str, set[str]] = {}
    for run, word in _CONTRACTION_PIECES.items():
        table.setdefault(run, set()).add(word)
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            run, words = line.split("\t")
            table.setdefault(run, set()).update(words.split())
    return {run: frozenset(words) for run, words in table.items()}


LETTER_RUNS = re.compile(r"[^\W\d_\u02bc]+")  # runs of letters (and a few numeric signs, split off below);
# the modifier apostrophe (U+02BC) is a letter to Python but an apostrophe to the normaliser
_ASCII_LETTERS = re.compile(r"[a-z]+")
_KNOWN_WORDS = 100_000  # words whose readings are kept (about 10 MB at most)


class GateScreen:
    """Built once from a PatternSet, or from the gate's shipped tables (``shipped``: the hook, which then
    reads no pattern file for ordinary mail); ``might_follow_up(draft)`` is False only when the gate must
    say no."""

    def __init__(self, gate: PatternSet | GateTables):
        tables = tables_of(gate) if isinstance(gate, PatternSet) else gate
        # the gate's own rule (patterns.gate_says_followup), not a copy of it
        self._gate_says_followup = partial(gate_says_followup, tables.threshold, tables.min_hiring)
        self._english = english_words() if tables.english_near is None else tables.english_near
        signals = tables.signals
        self._signals = signals
        self.trigger_words = frozenset(w for s in signals for p in s.patterns for item in p for w in item)
        self._typo_targets: dict[str, list[str]] = {}  # first letter -> triggers a typo can be read as
        for word in sorted(self.trigger_words):
            if len(word) >= TYPO_MIN_LENGTH:
                self._typo_targets.setdefault(word[0], []).append(word)
        self._typo_near: dict[tuple[str, int], list[str]] = {}  # (first letter, length) -> targets in reach
        self._known: dict[str, frozenset[str]] = {}  # word -> its readings, when it has any
        self._silent: set[str] = set()  # words known to have none (most words of any mail)
        self._reading_sets: dict[frozenset[str], frozenset[str]] = {}  # one copy of each (words share a few)
        self._respellings = respellings()
        informal = informal_lexicon()
        read_as = (
            *((w, [read]) for w, read in informal.words.items()),
            *((w, [read]) for w, (read, _) in informal.after.items()),
            *((w, [read for _, read in pieces]) for w, pieces in informal.pieces.items()),
        )
        informal_readings = ((written, frozenset().union(*map(self._spelling_readings, words)))
                             for written, words in read_as)
        informal_found = [(written, found) for written, found in informal_readings if found]
        # A form of letters only is written in the text exactly when it is written inside one of its
        # words (a run of letters): it is read with that word, once per distinct word; the others
        # ("2day", "b4", "4") are looked for in the whole text.
        self._informal_in_words = tuple((w, found) for w, found in informal_found if SCREENED_WORD.match(w))
        self._informal = tuple((w, found) for w, found in informal_found if not SCREENED_WORD.match(w))
        self._always = {"hiring": 0.0, "after": 0.0}  # signals with a pattern the screen cannot judge
        self._always_strong = False  # ... one of them not weak
        # Items are numbered, and a set of them is an int with those bits set: "every item satisfied" is
        # then one AND, not a set comparison (could_pass runs on every draft).
        self._by_word: dict[str, list[tuple[int, int]]] = {}  # key word -> (signal, the bits of its items)
        item_ids: dict[frozenset[str], int] = {}
        for number, signal in enumerate(self._signals):
            if signal.kind not in self._always:
                continue  # an against signal only lowers its total (see could_pass)
            if any(not pattern for pattern in signal.patterns):
                self._always[signal.kind] += max(signal.weight, 0.0)
                self._always_strong |= not signal.weak
                continue
            for pattern in signal.patterns:
                needed = 0
                for item in pattern:
                    needed |= 1 << item_ids.setdefault(item, len(item_ids))
                for word in _key_item(pattern):  # a match needs one of these words
                    self._by_word.setdefault(word, []).append((number, needed))
        # word -> the bits of the items it satisfies: a pattern can match when all its items are satisfied
        self._items_of: dict[str, int] = {}
        for item, number in item_ids.items():
            for word in item:
                self._items_of[word] = self._items_of.get(word, 0) | 1 << number

    def might_follow_up(self, draft: Draft) -> bool:
        """Whether the gate could say yes: the draft's own text and, when it quotes, the quoted text."""
        present = self.triggers_in(draft.own_text())
        if draft.has_context():
            present |= self.triggers_in(draft.context_text())
        return self.could_pass(present)

    def triggers_in(self, text: str) -> set[str]:
        """The trigger words any token of ``text`` could have as its NORM (exact, American, a dropped g
        restored, informal, or typo)."""
        present: set[str] = set()
        known, silent = self._known, self._silent
        for word in words_in(text) - silent:
            readings = known.get(word)
            if readings is None:
                if len(known) + len(silent) >= _KNOWN_WORDS:
                    known.clear()
                    silent.clear()
                    self._reading_sets.clear()
                readings = frozenset(self._word_readings(word))
                if readings:
                    known[word] = readings = self._reading_sets.setdefault(readings, readings)
                else:
                    silent.add(word)
            present |= readings
        if self._informal:
            lowered = text.lower()
            for written, readings in self._informal:  # "2day", "b4": wherever they are written
                if written in lowered:
                    present |= readings
        return present

    def _word_readings(self, word: str) -> set[str]:
        """The triggers of one word of the text: its own readings, and those of the informal forms of
        letters written inside it ("thx", "theyre"; "thxx" holds "thx"), the word read with any letter held
        down for emphasis put back ("intervieeew")."""
        found: set[str] = set()
        for form in stretched_forms(word):  # "intervieeew": the normaliser reads a held-down letter first
            found |= self._readings(form)
            for written, readings in self._informal_in_words:
                if written in form:
                    found |= readings
        return found

    def _readings(self, word: str) -> set[str]:
        """The triggers a token written in ``word`` can be read as: its own letters, or the words the
        tokenizer's exceptions and the contraction pieces read it as ("gonna" -> going, to)."""
        found = self._spelling_readings(word)
        for respelt in self._respellings.get(word, ()):
            found |= self._spelling_readings(respelt)
        return found

    def _spelling_readings(self, word: str) -> set[str]:
        """The triggers the normaliser can make of ``word``: American spelling, then a dropped g put back
        ("wonderin"), then a typo corrected (nlp.Normalizer._normalise, each step's every outcome)."""
        found: set[str] = set()
        for american in _forms(word):
            for form in (american, american + "g") if len(american) >= 5 and american.endswith("in") else (american,):
                if form in self.trigger_words:
                    found.add(form)
                found.update(self._typo_readings(form))
        return found

    def could_pass(self, present: set[str]) -> bool:
        """The gate's rule (context.decide) with every possible hiring and after signal fired, no against
        (an against signal only lowers its total, which stays under a positive after total); and, as
        there, one of them not weak."""
        satisfied = 0
        items_of = self._items_of
        for word in present:
            satisfied |= items_of.get(word, 0)
        fired: set[int] = set()
        by_word = self._by_word
        for word in present:
            for number, needed in by_word.get(word, ()):
                if needed & satisfied == needed and number not in fired:
                    fired.add(number)
        return self._passes(fired)

    def _passes(self, fired) -> bool:
        """The gate's rule over the always-possible signals and these."""
        totals = dict(self._always)
        strong = self._always_strong
        for number in fired:
            signal = self._signals[number]
            totals[signal.kind] += max(signal.weight, 0.0)
            strong |= not signal.weak
        return self._gate_says_followup(totals["hiring"], totals["after"], 0.0, strong)

    def _typo_readings(self, word: str) -> list[str]:
        """The triggers the typo corrector could read ``word`` as (matchers/typos.py, without its tie-breaks)."""
        if len(word) < TYPO_MIN_LENGTH or not word.isalpha():
            return []
        targets = self._typo_targets.get(word[0])
        if not targets or word in self._english:
            return []
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        limit = max_typo_distance(word)
        near = self._typo_near.get((word[0], len(word)))
        if near is None:
            near = self._typo_near[(word[0], len(word))] = [t for t in targets if abs(len(t) - len(word)) <= limit]
        return [t for t, _, _ in process.extract(word, near, scorer=OSA.distance, score_cutoff=limit, limit=None)]


def _key_item(pattern: tuple[frozenset[str], ...]) -> frozenset[str]:
    """The item a pattern is looked up by (could_pass checks it only when one of its words is present): any
    item would do; the one least likely in ordinary mail keeps the checks few, guessed as the item whose
    shortest word is longest (the words in every email are short: "i", "to", "you"), then the smallest."""
    return max(pattern, key=lambda item: (min(map(len, item)), -len(item)))


def shipped_screen() -> GateScreen | None:
    """The built-in gate's screen from its shipped tables (gate_tables.py), without loading the patterns;
    None when the tables were built from other pattern files than the installed ones."""
    tables = shipped_tables()
    return GateScreen(tables) if tables is not None else None


def english_near(tables: GateTables) -> frozenset[str]:
    """The English words the screen's typo reading could otherwise read as a trigger of these tables: for
    any other word, being English or not changes nothing (``GateTables.english_near``)."""
    probe = GateScreen(replace(tables, english_near=frozenset()))  # no word is English to it
    return frozenset(word for word in english_words() if probe._typo_readings(word))


def words_in(text: str) -> set[str]:
    """The distinct runs of letters in ``text``, lower-cased (each run as written, then lowered): the words
    the screen reads (bench/word_shares.py counts ordinary mail's words with it)."""
    if text.isascii():  # letters are a-z, A-Z only: lowering first changes nothing else
        return set(_ASCII_LETTERS.findall(text.lower()))
    words = set()
    for run in set(LETTER_RUNS.findall(text)):
        if run.isalpha():
            words.add(run.lower())
        else:  # a numeric sign inside ("interview²"): the letters on either side are separate runs
            words.update(piece.lower() for piece in _split_non_alpha(run) if piece)
    return words


def _split_non_alpha(run: str) -> list[str]:
    pieces, current = [], []
    for char in run:
        if char.isalpha():
            current.append(char)
        else:
            pieces.append("".join(current))
            current = []
    pieces.append("".join(current))
    return pieces


def _forms(word: str) -> tuple[str, ...]:
    """The word and its American spelling (textnorm.american_spelling, whatever the vocabulary)."""
    for british, american in _BRITISH_SUFFIXES:
        if word.endswith(british):
            return word, word[: -len(british)] + american
    return (word,)


SCREENED = ContextDecision(followup=False, score=0.0, evidence=(), screened=True)
"""The decision for a draft the screen rules out: the gate would refuse it; its score and evidence were
never worked out (the gate's own decision would say score < 0.5 and list the signals it found)."""
