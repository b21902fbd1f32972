#!/usr/bin/env python3
"""Build src/mail_lint/data/respelt.tsv: the words a token can be read as from letters other than its own.

spaCy's English tokenizer exceptions (and mail-lint's variants of them, nlp.py) split or respell some
words: "gonna" is read "going" + "to", "Im" "i" + "am", "cuz" "because", "Ala." "alabama". The gate
screen (screen.py) cannot import spaCy, so it reads these words through this table: each line is a run
of letters as written (lower case) and the words a token written inside it can be read as. Run after
upgrading spaCy; tests/test_screen.py runs every tokenizer exception through the pipeline and fails when
this table misses one.
"""
import re
import sys
from collections import defaultdict
from pathlib import Path

from mail_lint.nlp import MailEnglish
from mail_lint.screen import LETTER_RUNS
from mail_lint.textnorm import informal_lexicon, normalise_word

TARGET = Path(__file__).resolve().parents[1] / "src" / "mail_lint" / "data" / "respelt.tsv"
WORD = re.compile(r"^[a-z]+$")
HEADER = """\
# Runs of letters that spaCy's tokenizer exceptions read as other words (built by scripts/build_respelt.py
# from spaCy {version}; do not edit by hand). Columns: the run as written, lower case; the words a token
# written inside it can be read as. The gate screen (screen.py) reads these words through this table.
"""


def readings(norm: str) -> set[str]:
    """What the normaliser can make of a token's spaCy NORM before spelling and typos (textnorm.normalise_word)."""
    found = {norm, normalise_word(norm, None), normalise_word(norm, "i")}
    after = informal_lexicon().after.get(norm)
    if after:
        found.add(after[0])
    return {word for word in found if WORD.match(word)}


def main() -> int:
    import spacy

    nlp = MailEnglish()
    texts = list(nlp.tokenizer.rules)
    if nlp.vocab.lookups.has_table("lexeme_norm"):  # spacy-lookups-data installed: its norms too
        texts += list(nlp.vocab.lookups.get_table("lexeme_norm").keys())
    table: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        runs = [(m.start(), m.end(), m.group().lower()) for m in LETTER_RUNS.finditer(text)]
        if not runs:
            continue  # no letters: nothing the screen could key it on (none reads as a word today)
        for token in nlp.make_doc(text):
            start, end = token.idx, token.idx + len(token.text)
            inside = [run for s, e, run in runs if s < end and e > start] or [run for _, _, run in runs]
            key = max(inside, key=len)
            for word in readings(token.norm_) - {key}:
                table[key].add(word)
    lines = [f"{run}\t{' '.join(sorted(words))}" for run, words in sorted(table.items())]
    TARGET.write_text(HEADER.format(version=spacy.__version__) + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} runs -> {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
