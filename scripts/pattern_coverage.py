#!/usr/bin/env python3
"""List the pattern lines that none of their rule's fail examples exercises.

A line no example reaches may be broken in a way no test sees - most often a multi-word alternative
written ``a b|c`` (two items) where ``(a b|c)`` (one group) was meant. Read each listed line as the
items it really is (shown split by ``·``), then give it a fail example or fix it.

    python scripts/pattern_coverage.py            # every rule
    python scripts/pattern_coverage.py excuse     # rules whose id starts with this
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mail_lint.nlp import shared_pipeline  # noqa: E402
from mail_lint.pattern_syntax import compile_pattern  # noqa: E402
from mail_lint.patterns import load_patterns  # noqa: E402

_ITEM = re.compile(r"\([^)]*\)\??|\S+")


def main(prefix: str = "") -> int:
    pattern_set = load_patterns()
    nlp = shared_pipeline(pattern_set)
    from spacy.matcher import Matcher  # after mail_lint.nlp, which imports spaCy without its CLI

    lines = unexercised = 0
    for rule in pattern_set.rules:
        if not rule.id.startswith(prefix):
            continue
        examples = [nlp(text) for text in rule.fail_examples]
        for line in rule.patterns:
            lines += 1
            matcher = Matcher(nlp.vocab)
            matcher.add("line", compile_pattern(line, pattern_set.lexicon))
            if not any(matcher(example) for example in examples):
                unexercised += 1
                print(f"{rule.id:36} {' · '.join(_ITEM.findall(line))}")
    print(f"{unexercised} of {lines} pattern lines are exercised by no fail example of their rule", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
