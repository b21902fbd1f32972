"""Word normalisation shared by pattern compilation and the pipeline, so both sides agree.

Pure Python: patterns are compiled without importing spaCy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TYPO_MIN_LENGTH = 4  # shorter words must match exactly
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_CONTRACTIONS = {"'d": "would", "'m": "am", "'ve": "have", "'ll": "will", "'re": "are", "n't": "not"}
# Contractions written without an apostrophe ("Im", "Ive", "Id") tokenise as "i" + these.
_BARE_CONTRACTIONS_AFTER_I = {"m": "am", "ve": "have", "d": "would", "ll": "will"}
_BRITISH_SUFFIXES = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"), ("ise", "ize"))


def normalise_word(word: str, previous: str | None = None) -> str:
    """Lower-case, straighten apostrophes, expand contraction pieces ("'d" -> "would") and read informal
    spellings as the word they stand for ("thx" -> "thanks"; "4" -> "for" after "thanks")."""
    norm = word.lower().translate(_APOSTROPHES)
    if norm in _CONTRACTIONS:
        return _CONTRACTIONS[norm]
    if previous == "i" and norm in _BARE_CONTRACTIONS_AFTER_I:
        return _BARE_CONTRACTIONS_AFTER_I[norm]
    informal = informal_lexicon()
    if norm in informal.words:
        return informal.words[norm]
    if norm in informal.after and previous in informal.after[norm][1]:
        return informal.after[norm][0]
    return norm


@dataclass(frozen=True, slots=True)
class InformalLexicon:
    """data/informal-english.tsv: texting abbreviations and contractions typed without an apostrophe."""

    words: dict[str, str]  # one token read as one word: "thx" -> "thanks"
    pieces: dict[str, tuple[tuple[str, str], ...]]  # one written form split into words: "theyre" -> they + are
    after: dict[str, tuple[str, frozenset[str]]]  # read so only after these words: "4" -> "for"


INFORMAL_DATA = "informal-english.tsv"


@lru_cache(maxsize=1)
def informal_lexicon() -> InformalLexicon:
    text = (resources.files("mail_lint") / "data" / INFORMAL_DATA).read_text(encoding="utf-8")
    return parse_informal(text, INFORMAL_DATA)


def parse_informal(text: str, source: str) -> InformalLexicon:
    """Read the lexicon's lines; a malformed one raises ValueError naming the file and line."""
    words: dict[str, str] = {}
    pieces: dict[str, tuple[tuple[str, str], ...]] = {}
    after: dict[str, tuple[str, frozenset[str]]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) not in (2, 3) or not all(c.strip() for c in columns):
            raise ValueError(f"{source}:{number}: expected 'written<TAB>read as[<TAB>after: words]'")
        written, read_as = columns[0].strip().lower(), columns[1].split()
        parts = written.split("|")
        if len(columns) == 3:
            condition = columns[2].split()
            if condition[0] != "after:" or len(condition) < 2 or len(read_as) != 1 or len(parts) != 1:
                raise ValueError(f"{source}:{number}: the third column is 'after: WORD ...' for a one-word entry")
            after[written] = (read_as[0], frozenset(condition[1:]))
        elif len(parts) > 1:
            if len(parts) != len(read_as) or not all(parts):
                raise ValueError(f"{source}:{number}: {written!r} has {len(parts)} pieces for {len(read_as)} words")
            pieces["".join(parts)] = tuple(zip(parts, read_as, strict=True))
        elif len(read_as) == 1:
            words[written] = read_as[0]
        else:
            raise ValueError(f"{source}:{number}: {written!r} is read as several words: mark its pieces with '|'")
    return InformalLexicon(words, pieces, after)


_STRETCHED = re.compile(r"([a-z])\1{2,}")


def unstretched(word: str, known: set[str] | frozenset[str]) -> str:
    """A word typed with a letter held down for emphasis, as the word meant: "sooo" -> "so", "pleeease" ->
    "please", "thankssss" -> "thanks", "toooo" -> "too". No English word has one letter three times in a
    row, so each such run is read as two letters when that gives a known word (pattern words, informal
    forms), else as one. A word of one letter only ("iii", "zzz", "xxx") is left as it is unless that letter
    is an informal word ("uuu" -> "u"), and so is anything not all letters (a URL, a code)."""
    forms = stretched_forms(word)
    if len(forms) == 1:
        return word
    if len(set(word)) == 1:  # "uuu" is "u" (you); "iii" and "zzz" stay
        return forms[0] if forms[0] in informal_lexicon().words else word
    twice, once = forms
    return twice if twice in known or twice in informal_lexicon().words else once


def stretched_forms(word: str) -> tuple[str, ...]:
    """Every word ``unstretched`` can read ``word`` as, whatever the vocabulary: (the word) when no letter
    is held down; ("u", "uuu") for one letter; else (each run as two letters, each run as one). The gate's
    screen reads them all, so that it stays a superset of what the normaliser makes of a word."""
    if not _STRETCHED.search(word) or not word.isalpha():
        return (word,)
    if len(set(word)) == 1:
        return (word[0], word)
    return (_STRETCHED.sub(r"\1\1", word), _STRETCHED.sub(r"\1", word))


def american_spelling(word: str, vocabulary: set[str] | frozenset[str]) -> str:
    """"apologise" -> "apologize" when the American form is one the patterns use."""
    for british, american in _BRITISH_SUFFIXES:
        if word.endswith(british):
            candidate = word[: -len(british)] + american
            if candidate in vocabulary:
                return candidate
    return word


def inflections(word: str, irregular: dict[str, list[str]] | None = None,
                known_words: frozenset[str] = frozenset()) -> list[str]:
    """The inflected forms of an English verb or noun: its regular forms, plus any listed irregular forms.

    Each regular form (-s, past, -ing) has one or more candidate spellings ("stoped", "stopped"); with
    ``known_words`` (the bundled word list) the known spellings are kept, or all of them when the list
    knows none ("reinterviewed"). A word with listed irregular forms takes its past from the list
    ("~see" is not "seed"), and a word of one or two letters has only its listed forms ("~be" is never
    "bed" or "bing").
    """
    listed = (irregular or {}).get(word, [])
    forms = [word]
    if len(word) > 2:
        for kind, spellings in _regular_forms(word):
            if kind == "past" and listed:
                continue
            forms += [form for form in spellings if form in known_words] or spellings
    if word.endswith("ize"):
        forms += [form.replace("iz", "is") for form in forms]  # British apologise, apologised ...
    return list(dict.fromkeys([*forms, *listed]))


def _regular_forms(word: str) -> list[tuple[str, list[str]]]:
    """(form, candidate spellings) for the third person, the past and the -ing form."""
    if word.endswith(("ee", "oe", "ye")):
        return [("s", [word + "s"]), ("past", [word + "d"]), ("ing", [word + "ing"])]  # agreeing, seeing
    if word.endswith("ie"):
        return [("s", [word + "s"]), ("past", [word + "d"]), ("ing", [word[:-2] + "ying"])]  # dying
    if word.endswith("e"):
        return [("s", [word + "s"]), ("past", [word + "d"]), ("ing", [word[:-1] + "ing"])]
    if word.endswith("y") and word[-2] not in "aeiou":
        return [("s", [word[:-1] + "ies"]), ("past", [word[:-1] + "ied"]), ("ing", [word + "ing"])]
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return [("s", [word + "es"]), ("past", [word + "ed"]), ("ing", [word + "ing"])]
    past, ing = [word + "ed"], [word + "ing"]
    if _doubles_final_consonant(word) or (word.endswith("l") and word[-2] in "aeiou"):
        past.append(word + word[-1] + "ed")  # stopped; British travelled
        ing.append(word + word[-1] + "ing")
    return [("s", [word + "s"]), ("past", past), ("ing", ing)]


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
