#!/usr/bin/env python3
"""Build src/mail_lint/data/compiled-patterns.json: the built-in patterns as compiled, ahead of time.

Every run that lints anything loads the built-in patterns; reading and compiling their files costs
each cold start about 0.2 s, loading this file a few milliseconds (mail_lint.compiled_patterns says what
it holds). Run after changing any file in patterns/ or the pattern compiler (compiled_patterns.SOURCES_KEYED
lists the files): until then the file's key no longer matches them, mail-lint compiles the pattern
files as before (slower, same answers), and tests/test_compiled_patterns.py fails.
"""
import sys
from pathlib import Path

from mail_lint.compiled_patterns import sources_key, to_json
from mail_lint.patterns import builtin_patterns_dir, load_folder

TARGET = Path(__file__).resolve().parents[1] / "src" / "mail_lint" / "data" / "compiled-patterns.json"


def built() -> str:
    """The file's text as the current pattern files and code make it (compiled from the files, never
    read from the shipped data)."""
    base = builtin_patterns_dir()
    return to_json(load_folder(base), sources_key(base))


def main() -> int:
    TARGET.write_text(built(), encoding="utf-8")
    print(f"{TARGET} ({TARGET.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
