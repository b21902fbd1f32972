"""What the gate screen (screen.py) needs of the context gate, as values: and shipped, built ahead, as data.

The screen judges a draft by the words each gate pattern cannot match without, the signals' kinds and
weights, and the gate's threshold. Working those out means reading and compiling every pattern file,
which would cost the pre-send hook more than the rest of an ordinary message's check. So they are built
ahead by scripts/build_gate_tables.py into data/gate-tables.json, with a key: the digest of the files
they come from (patterns/_context.yaml, patterns/_lexicon.yaml and the word list). When those files no
longer match the key, the shipped tables are not used and the screen is built from the loaded pattern
set instead (same answers, only slower); tests/test_gate_tables.py fails until the tables are rebuilt.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .compiled_patterns import SOURCES_KEYED as COMPILER_SOURCES
from .pattern_syntax import required_words
from .patterns import CONTEXT_FILE, LEXICON_FILE, PatternSet, builtin_patterns_dir

TABLES_DATA = "gate-tables.json"
WORD_LIST_DATA = "english-words.txt.gz"
SCREENED_WORD = re.compile(r"^[a-z]+$")  # a word the screen judges from its letters (screen.py too)


@dataclass(frozen=True, slots=True)
class ScreenSignal:
    """A gate signal as the screen sees it."""

    kind: str
    weight: float
    patterns: tuple[tuple[frozenset[str], ...], ...]  # per pattern, the screened items; () = always possible
    weak: bool = False  # never enough with only other weak signals (context.decide)


@dataclass(frozen=True, slots=True)
class GateTables:
    threshold: float  # PatternSet.threshold
    min_hiring: float  # PatternSet.min_hiring
    signals: tuple[ScreenSignal, ...]
    # The English words the typo corrector could otherwise read as a trigger (the only ones whose being
    # English changes what the screen reads): so the hook need not load the whole word list. None: the
    # whole list (words.english_words) is used.
    english_near: frozenset[str] | None = None


def tables_of(pattern_set: PatternSet) -> GateTables:
    """The tables of a loaded pattern set (its whole word list stands for ``english_near``)."""
    signals = tuple(ScreenSignal(signal.kind, signal.weight, tuple(screened_items(specs) for specs in signal.compiled),
                                 signal.weak)
                    for signal in pattern_set.signals)
    return GateTables(pattern_set.threshold, pattern_set.min_hiring, signals)


def screened_items(specs: list[dict]) -> tuple[frozenset[str], ...]:
    """The items of a compiled gate pattern the screen judges (a match needs a word of each); the others
    (optional ones, wildcards, items of other tokens: "4", "'s", ",") it takes as always there."""
    return tuple(item for item in required_words(specs) if _screenable(item))


def _screenable(item: frozenset[str]) -> bool:
    """An item the screen can judge from letters: plain words (those other letters can be read as too,
    "gonna" -> going, are read through screen.respellings)."""
    return bool(item) and all(SCREENED_WORD.match(word) for word in item)


def sources_key(patterns_dir: Path | None = None) -> str:
    """The digest of the files the tables come from: the gate's pattern files, the word list, and the code
    that compiles them and works the tables out (the pattern compiler's modules, as the compiled patterns'
    key names them, this module and the screen's): a change to any of them makes the tables stale."""
    digest = hashlib.sha256()
    base = patterns_dir or builtin_patterns_dir()
    package = resources.files("mail_lint")
    code = (*COMPILER_SOURCES, "gate_tables.py", "screen.py")
    for data in ((base / CONTEXT_FILE).read_bytes(), (base / LEXICON_FILE).read_bytes(),
                 (package / "data" / WORD_LIST_DATA).read_bytes(), *((package / name).read_bytes() for name in code)):
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def shipped_tables() -> GateTables | None:
    """The shipped tables of the built-in gate, or None when they are missing or were built from other
    pattern files than the ones installed (then build them from the loaded patterns: ``tables_of``)."""
    try:
        text = (resources.files("mail_lint") / "data" / TABLES_DATA).read_text(encoding="utf-8")
        data = json.loads(text)
        if data.get("key") != sources_key():
            return None
        return from_json(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def to_json(tables: GateTables, key: str) -> str:
    """The tables as data/gate-tables.json holds them (sorted, so the same tables are the same file)."""
    data = {
        "key": key,
        "threshold": tables.threshold,
        "min_hiring": tables.min_hiring,
        "signals": [{"kind": s.kind, "weight": s.weight, "weak": s.weak,
                     "patterns": [[sorted(item) for item in pattern] for pattern in s.patterns]}
                    for s in tables.signals],
        "english_near": sorted(tables.english_near) if tables.english_near is not None else None,
    }
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"


def from_json(data: dict) -> GateTables:
    signals = tuple(ScreenSignal(str(s["kind"]), float(s["weight"]),
                                 tuple(tuple(frozenset(item) for item in pattern) for pattern in s["patterns"]),
                                 bool(s["weak"]))
                    for s in data["signals"])
    near = data.get("english_near")
    return GateTables(float(data["threshold"]), float(data["min_hiring"]), signals,
                      frozenset(near) if near is not None else None)
