#!/usr/bin/env python3
"""Regenerate the README's rule table from the pattern files."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mail_lint.explain import rule_table  # noqa: E402
from mail_lint.patterns import load_patterns  # noqa: E402

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def with_table(readme: str, table: str) -> str:
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table}{END}{tail}"


def main() -> int:
    path = ROOT / "README.md"
    path.write_text(with_table(path.read_text(encoding="utf-8"), rule_table(load_patterns())), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
