"""Word normalisation shared by pattern compilation and the pipeline, so both sides agree.

Pure Python: patterns are compiled without importing spaCy.
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources

TYPO_MIN_LENGTH = 4  # shorter words must match exactly
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_CONTRACTIONS = {"'d": "would", "'m": "am", "'ve": "have", "'ll": "will", "'re": "are", "n't": "not"}
# Contractions written without an apostrophe ("Im", "Ive", "Id") tokenise as "i" + these.
_BARE_CONTRACTIONS_AFTER_I = {"m": "am", "ve": "have", "d": "would", "ll": "will"}
_BRITISH_SUFFIXES = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"), ("ise", "ize"))


def normalise_word(word: str, previous: str | None = None) -> str:
    """Lower-case, straighten apostrophes and expand contraction pieces ("'d" -> "would")."""
    norm = word.lower().translate(_APOSTROPHES)
    if norm in _CONTRACTIONS:
        return _CONTRACTIONS[norm]
    if previous == "i" and norm in _BARE_CONTRACTIONS_AFTER_I:
        return _BARE_CONTRACTIONS_AFTER_I[norm]
    return norm


def american_spelling(word: str, vocabulary: set[str] | frozenset[str]) -> str:
    """"apologise" -> "apologize" when the American form is one the patterns use."""
    for british, american in _BRITISH_SUFFIXES:
        if word.endswith(british):
            candidate = word[: -len(british)] + american
            if candidate in vocabulary:
                return candidate
    return word


def inflections(word: str, irregular: dict[str, list[str]] | None = None) -> list[str]:
    """The regular inflected forms of an English verb or noun, plus any listed irregular forms.

    Over-generation is harmless (a form that is not a word never occurs); missing forms lose recall.
    """
    forms = [word]
    if word.endswith("e"):
        forms += [word + "s", word + "d", word[:-1] + "ing"]
    elif word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms += [word[:-1] + "ies", word[:-1] + "ied", word + "ing"]
    elif word.endswith(("s", "sh", "ch", "x", "z")):
        forms += [word + "es", word + "ed", word + "ing"]
    else:
        forms += [word + "s", word + "ed", word + "ing"]
        if _doubles_final_consonant(word) or (word.endswith("l") and word[-2] in "aeiou"):
            forms += [word + word[-1] + "ed", word + word[-1] + "ing"]  # stopped; British travelled
    if word.endswith("ize"):
        forms += [form.replace("iz", "is") for form in list(forms)]
    forms += (irregular or {}).get(word, [])
    return list(dict.fromkeys(forms))


def _doubles_final_consonant(word: str) -> bool:
    vowels = "aeiou"
    return (
        len(word) >= 3
        and len(word) <= 4
        and word[-1] not in vowels + "wxy"
        and word[-2] in vowels
        and word[-3] not in vowels
    )


def max_typo_distance(word: str) -> int:
    """How many edits (optimal string alignment) a misspelling of this length may be from the word meant."""
    return 1 if len(word) <= 7 else 2


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Correctly spelt English words (SCOWL, see data/README.md): never treated as typos."""
    data = resources.files("mail_lint") / "data" / "english-words.txt.gz"
    with gzip.open(data.open("rb"), "rt", encoding="utf-8") as handle:
        return frozenset(handle.read().split())
