#!/usr/bin/env python3
"""Build src/mail_lint/data/english-words.txt.gz from Debian's SCOWL word lists.

The typo corrector only rewrites words that are not English words, so that a correct spelling is
never "fixed" towards a pattern word ("here" is not a typo of "hire"). Run after
`apt-get install wamerican wbritish`; the output is committed, so users need neither package.
"""
import gzip
import re
import sys
from pathlib import Path

SOURCES = [Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english")]
TARGET = Path(__file__).resolve().parents[1] / "src" / "mail_lint" / "data" / "english-words.txt.gz"
WORD = re.compile(r"^[a-z]+$")


def main() -> int:
    words: set[str] = set()
    for source in SOURCES:
        if not source.exists():
            print(f"{source} missing: apt-get install wamerican wbritish", file=sys.stderr)
            return 2
        for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
            word = line.strip().lower()
            if WORD.match(word) and len(word) >= 4:
                words.add(word)
    with gzip.open(TARGET, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("\n".join(sorted(words)) + "\n")
    print(f"{len(words)} words -> {TARGET} ({TARGET.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
