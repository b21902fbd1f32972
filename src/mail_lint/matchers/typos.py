"""Token-level typo correction against the pattern vocabulary ("oportunity" -> "opportunity").

The corrected word is written to ``token.norm_`` (and the token to ``doc.spans["mail_lint_typos"]``), so
the exact phrase and token matchers, which match on NORM, then also match misspelt text. Measured in
../shared/MEASUREMENTS.md as the best trade-off: 97.9% typo recall at a fraction of the cost of
per-sentence fuzzy scoring. Optimal string alignment distance counts a swap of two letters ("thnak") as one edit.
"""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from ..textnorm import TYPO_MIN_LENGTH as MIN_LENGTH  # shorter words must match exactly
from ..textnorm import max_typo_distance
from ..words import english_words  # noqa: F401  (the typo corrector's known words; imported from here too)

TYPOS_SPANS = "mail_lint_typos"  # doc.spans: each corrected token, label = the pattern word it is read as
_SUFFIXES = frozenset({"", "s", "es", "d", "ed", "ing", "ly", "y", "e", "er", "est", "al", "ion", "ions", "ful"})


@dataclass(frozen=True, slots=True)
class Correction:
    word: str  # the normalised word as written
    target: str  # the pattern word it is read as
    score: float  # rapidfuzz ratio, 0..100


class TypoCorrector:
    """Maps misspelt words to the one pattern word they are a plausible misspelling of.

    A word is a candidate only when it is not an English word: "here" is never read as "hire".
    """

    def __init__(self, vocabulary: set[str], known_words: frozenset[str] = frozenset()):
        self._known = known_words
        self._vocabulary = frozenset(w for w in vocabulary if w.isalpha())
        self._choices = sorted(w for w in self._vocabulary if len(w) >= MIN_LENGTH)
        self._choices_near: dict[int, list[str]] = {}  # word length -> the choices an edit limit allows
        self._initial_near: dict[tuple[int, str], list[str]] = {}  # ... those of them with a first letter
        self._cache: dict[str, Correction | None] = {}

    def restore_dropped_g(self, word: str) -> str:
        """"wonderin" -> "wondering": a final g left off in informal writing, when only the -ing form is a word."""
        if len(word) >= 5 and word.endswith("in") and word not in self._known and word + "g" in self._known:
            return word + "g"
        return word

    def correct(self, word: str) -> Correction | None:
        if len(word) < MIN_LENGTH or not word.isalpha() or word in self._vocabulary or word in self._known:
            return None
        if word in self._cache:
            return self._cache[word]
        correction = self._find(word)
        self._cache[word] = correction
        return correction

    def _find(self, word: str) -> Correction | None:
        max_distance = max_typo_distance(word)
        choices = self._choices_near.get(len(word))
        if choices is None:  # a word within n edits differs in length by at most n; order kept, so ties fall alike
            choices = self._choices_near[len(word)] = [
                t for t in self._choices if abs(len(t) - len(word)) <= max_distance
            ]
        # Only a target with the word's first letter is plausible: when none is near, there is no
        # correction, and the search over every choice (twenty times the work) is not needed. When one
        # is, the search below decides as always (its eight nearest, whatever their first letter).
        same_initial = self._initial_near.get((len(word), word[0]))
        if same_initial is None:
            same_initial = self._initial_near[(len(word), word[0])] = [t for t in choices if t[0] == word[0]]
        if process.extractOne(word, same_initial, scorer=OSA.distance, score_cutoff=max_distance) is None:
            return None
        candidates = process.extract(word, choices, scorer=OSA.distance, score_cutoff=max_distance, limit=8)
        plausible = [
            (distance, -fuzz.ratio(word, target), target)
            for target, distance, _ in candidates
            if target[0] == word[0] and not _same_stem(word, target)
        ]
        if not plausible:
            return None
        _, negative_ratio, target = min(plausible)  # fewest edits, then the most similar
        return Correction(word, target, -negative_ratio)


def _same_stem(word: str, target: str) -> bool:
    """True when the two differ only by an inflectional or derivational ending ("simply"/"simple")."""
    common = 0
    for a, b in zip(word, target, strict=False):
        if a != b:
            break
        common += 1
    return common >= 3 and word[common:] in _SUFFIXES and target[common:] in _SUFFIXES
