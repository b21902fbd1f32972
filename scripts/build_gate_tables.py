#!/usr/bin/env python3
"""Build src/mail_lint/data/gate-tables.json: what the gate screen needs of the context gate, ahead of time.

The pre-send hook decides ordinary mail with the gate screen (screen.py) from these tables, without
reading or compiling a pattern file (mail_lint.gate_tables says what they hold). Run after changing
patterns/_context.yaml, patterns/_lexicon.yaml, the word list or the pattern compiler: until then the
shipped tables' key no longer matches those files, mail-lint builds the screen from the loaded patterns
(slower, same answers), and tests/test_gate_tables.py fails.
"""
import sys
from dataclasses import replace
from pathlib import Path

from mail_lint.gate_tables import sources_key, tables_of, to_json
from mail_lint.patterns import load_patterns
from mail_lint.screen import english_near

TARGET = Path(__file__).resolve().parents[1] / "src" / "mail_lint" / "data" / "gate-tables.json"


def built() -> str:
    """The file's text as the current pattern files and code make it."""
    tables = tables_of(load_patterns())
    return to_json(replace(tables, english_near=english_near(tables)), sources_key())


def main() -> int:
    TARGET.write_text(built(), encoding="utf-8")
    print(f"{TARGET} ({TARGET.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
