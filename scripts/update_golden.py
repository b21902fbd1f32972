#!/usr/bin/env python3
"""Rewrite examples/expected/*.out from the current linter. Review the diff before committing."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    for draft in sorted((ROOT / "examples").glob("*.*")):
        if draft.is_file():
            run = subprocess.run(
                [sys.executable, "-m", "mail_lint", "--quiet", "--color", "never", f"examples/{draft.name}"],
                cwd=ROOT, capture_output=True, text=True,
            )
            (ROOT / "examples" / "expected" / f"{draft.name}.out").write_text(run.stdout, encoding="utf-8")
            print(f"{draft.name}: exit {run.returncode}, {len(run.stdout.splitlines())} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
