"""The gate screen can rule ordinary mail out only by words ordinary mail lacks: every hiring pattern of
the gate must keep, among the items the screen reads, words that ordinary mail rarely has.

Why hiring patterns: the gate never says yes without hiring weight (min-hiring), so a draft in which no
hiring pattern could match is screened out whatever else it says; the after signals (a call, a meeting,
"thanks for your time") are wording that ordinary mail shares by design. When one hiring pattern keeps
only common words, every ordinary email with those words pays for spaCy: 'how|way i ~come|came across|off'
was once screened by "across|off" alone (the screen could not read "how", "i", "come") and let 690 Enron
emails through on "off" (issue 13).

What "common" means: tests/fixtures/ordinary-word-shares.tsv gives the share of ordinary emails (the
sender's own text of 14,410 Enron emails, bench/word_shares.py) each word of at least 0.5% of them is
found in. A word in 3% or more is common ("off" 5.2%, "work", "day", "asked"; "position" 3.5%); an item
is uncommon when none of its words is. A pattern passes when the screen keeps an uncommon item of it;
failing that, when the items it keeps are rarely all found in one email: their estimated share (each
item's share, summed over its words, multiplied over the items as if words came independently) at most
2%, or at most 8% when the screen reads every item the pattern needs (it is then as sharp as words alone
allow, and how broad the pattern is, is the gate's own precision, which bench/accuracy.py measures).
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from mail_lint.gate_tables import screened_items
from mail_lint.pattern_syntax import compile_pattern, required_words

SHARES_FILE = Path(__file__).parent / "fixtures" / "ordinary-word-shares.tsv"
COMMON = 0.03  # a word in this share of ordinary emails or more is common
LIMIT = 0.02  # the estimated share of ordinary mail a pattern of common words only may let through
LIMIT_READ_IN_FULL = 0.08  # ... when the screen reads every item the pattern needs


def word_shares() -> dict[str, float]:
    shares = {}
    for line in SHARES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, share = line.split("\t")
            shares[word] = float(share)
    return shares


SHARES = word_shares()


def leak(specs: list[dict]) -> str | None:
    """Why the screen keeps too little of this compiled pattern, or None."""
    kept = screened_items(specs)
    if any(not any(SHARES.get(word, 0.0) >= COMMON for word in item) for item in kept):
        return None  # an uncommon item
    estimate = math.prod(min(1.0, sum(SHARES.get(word, 0.0) for word in item)) for item in kept)
    read_in_full = len(kept) == len(required_words(specs))
    if estimate <= (LIMIT_READ_IN_FULL if read_in_full else LIMIT):
        return None
    shown = " ".join("|".join(sorted(item, key=lambda w: -SHARES.get(w, 0.0))[:4]) + ("|..." if len(item) > 4 else "")
                     for item in kept) or "nothing"
    return (f"the screen keeps only {shown} (all common words; in about {estimate:.1%} of ordinary emails"
            f"{'' if read_in_full else ', and it cannot read the pattern' + chr(39) + 's other words'})")


def hiring_pattern_leaks(pattern_set) -> list[str]:
    found = []
    for signal in pattern_set.signals:
        if signal.kind != "hiring":
            continue
        for line in signal.patterns:
            for specs in compile_pattern(line, pattern_set.lexicon):
                why = leak(specs)
                if why:
                    found.append(f"hiring signal {signal.name!r} ({signal.source}), pattern {line!r}: {why}. "
                                 "Keep a word the screen can read that ordinary mail rarely has")
                    break
    return found


def test_the_word_shares_cover_common_words():
    assert len(SHARES) > 1000 and SHARES["the"] > 0.5
    assert SHARES["off"] >= COMMON > SHARES.get("interview", 0.0)


def test_every_hiring_pattern_keeps_words_ordinary_mail_rarely_has(pattern_set):
    assert hiring_pattern_leaks(pattern_set) == []


@pytest.mark.parametrize("pattern, leaks", [
    ("how|way i ~come|came across|off", False),  # the screen reads "how", "i" and "came" too
    ("how|way 4 across|off", False),  # "4" is not read, but "how" and "off" are seldom both there
    ("4 u across|off", True),  # the screen reads "across|off" (and "you", in most mail) only
    ("~improve _{0,3} ~interview|~pitch", False),  # "interview" is uncommon
    ("what|where i should ~work", False),  # common words, but seldom all four in one email
    ("position|job|role", False),  # read in full: the gate's own breadth
    ("~work|~day", True),
])
def test_the_rule_tells_patterns_apart(pattern_set, pattern, leaks):
    assert any(leak(specs) for specs in compile_pattern(pattern, pattern_set.lexicon)) == leaks
