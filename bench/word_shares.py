"""Build tests/fixtures/ordinary-word-shares.tsv: how many ordinary emails each common word is found in.

tests/test_screen_rare_words.py uses it to tell the gate patterns that the screen (screen.py) can rule
ordinary mail out by from those it cannot, without ../shared. Ordinary mail is the sender's own text of
each of the 14,410 Enron emails (../shared/corpus/enron-train.jsonl); a word is a run of letters, lower
case, as the screen reads it; kept: the words found in at least 0.5% of the emails, with that share. Only
counts are written, no text. Usage: python bench/word_shares.py
"""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

from mail_lint.draft import Draft
from mail_lint.regions import split_regions
from mail_lint.screen import words_in

ROOT = Path(__file__).resolve().parents[1]
ENRON = ROOT.parent / "shared" / "corpus" / "enron-train.jsonl"
TARGET = ROOT / "tests" / "fixtures" / "ordinary-word-shares.tsv"
FLOOR = 0.005
HEADER = """\
# Share of ordinary emails each word is found in: the sender's own text of the {emails:,} Enron emails,
# words as runs of letters in lower case, those in at least {floor:.1%} of the emails (built by
# bench/word_shares.py from ../shared/corpus/enron-train.jsonl; counts only, no text).
"""


def main() -> int:
    if not ENRON.exists():
        print(f"{ENRON} is absent", file=sys.stderr)
        return 2
    found: collections.Counter[str] = collections.Counter()
    emails = 0
    with ENRON.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            emails += 1
            own = Draft(path="enron", text=text, regions=split_regions(text)).own_text()
            found.update(words_in(own))
    rows = [(word, count / emails) for word, count in sorted(found.items(), key=lambda item: (-item[1], item[0]))
            if count / emails >= FLOOR]  # by share, ties by word: the same file on every run
    TARGET.write_text(HEADER.format(emails=emails, floor=FLOOR)
                      + "".join(f"{word}\t{share:.4f}\n" for word, share in rows), encoding="utf-8")
    print(f"{len(rows)} words -> {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
