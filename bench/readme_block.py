"""The README's generated blocks: the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``."""
from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"


def write_block(name: str, body: str, path: Path = README) -> None:
    start, end = markers(name)
    head, rest = path.read_text(encoding="utf-8").split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{start}{body}{end}{tail}", encoding="utf-8")
