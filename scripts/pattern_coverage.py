#!/usr/bin/env python3
"""List the pattern lines that none of their rule's fail examples matches, split into their real items.

The tests and ``mail-lint check-patterns`` refuse such a line; this shows each one as the items it
really is (split by ``·``), which is where a multi-word alternative written ``a b|c`` (two items)
instead of ``(a b|c)`` (one group) shows itself.

    python scripts/pattern_coverage.py            # every rule
    python scripts/pattern_coverage.py excuse     # rules whose id starts with this
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mail_lint.examples import unexercised_lines  # noqa: E402
from mail_lint.patterns import load_patterns  # noqa: E402

_ITEM = re.compile(r"\([^)]*\)\??|\S+")


def main(prefix: str = "") -> int:
    pattern_set = load_patterns()
    rules = [rule for rule in pattern_set.rules if rule.id.startswith(prefix)]
    found = unexercised_lines(pattern_set, rules)
    for rule, line in found:
        print(f"{rule.id:36} {' · '.join(_ITEM.findall(line))}")
    total = sum(len(rule.patterns) for rule in rules)
    print(f"{len(found)} of {total} pattern lines are matched by no fail example of their rule", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
