"""The built-in patterns as compiled, shipped built ahead as data (data/compiled-patterns.json).

Reading the pattern files and compiling every pattern line costs each cold start (one draft, the
pre-send hook's follow-up path, the language server, ``--jobs`` before its workers fork) about 0.2 s
of CPU; loading the compiled result from plain JSON costs a few milliseconds. The file is built by
scripts/build_compiled_patterns.py and holds a key: the digest of everything the compiled result
depends on (SOURCES_KEYED: every file in patterns/, the compiler's modules and the data they read).
When the installed files no longer match the key, or the file is missing or unreadable, it is not used
and the pattern files are compiled as before (same answers, only slower); tests/test_compiled_patterns.py
fails until the file is rebuilt. Only the built-in set is shipped: extra pattern packs are compiled.

The categories are kept as their files define them, before the spare colours are handed out
(patterns._with_spare_colours), so that categories of extra packs get the same colours either way. A
compiled item is written once in a table and named by its place in it (the files repeat the same items
thousands of times), and every ``source`` is the file's name, joined to the installed patterns folder
when read, so the data names no folder of the machine that built it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from importlib import resources
from pathlib import Path

from .finding import Severity
from .pattern_syntax import Lexicon
from .patterns import Category, ContextSignal, FolderPatterns, FramePart, Rule

COMPILED_DATA = "compiled-patterns.json"
# The package files the compiled result depends on besides the pattern files: the loader and compiler,
# the word normalisation and its data, the word list "~word" checks against, the YAML reader, the
# severities and the names of the built-in checks, and this module (how the data is written and read).
SOURCES_KEYED = ("patterns.py", "pattern_syntax.py", "textnorm.py", "words.py", "safe_yaml.py", "finding.py",
                 "checks/__init__.py", "compiled_patterns.py", "data/english-words.txt.gz",
                 "data/informal-english.tsv")


def sources_key(patterns_dir: Path) -> str:
    """The digest of every file in ``patterns_dir`` (names too) and of the package files the compiled
    patterns depend on (SOURCES_KEYED)."""
    digest = hashlib.sha256()
    package = resources.files("mail_lint")
    named = [(f"patterns/{path.name}", path.read_bytes())
             for path in sorted(patterns_dir.iterdir()) if path.is_file()]
    named += [(name, (package / name).read_bytes()) for name in SOURCES_KEYED]
    for name, data in named:
        for part in (name.encode("utf-8"), data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()


def shipped_builtin(patterns_dir: Path) -> FolderPatterns | None:
    """The shipped compiled built-in patterns, or None when the file is missing, unreadable or was built
    from other files than the installed ones (then compile the pattern files)."""
    try:
        data = json.loads(shipped_text())
        if not isinstance(data, dict) or data.get("key") != sources_key(patterns_dir):
            return None
        return from_json(data, patterns_dir)
    except (OSError, ValueError, LookupError, TypeError, AttributeError):
        return None


def shipped_text() -> str:
    return (resources.files("mail_lint") / "data" / COMPILED_DATA).read_text(encoding="utf-8")


# Writing ------------------------------------------------------------------------------------------------

def to_json(builtin: FolderPatterns, key: str) -> str:
    """The compiled patterns as data/compiled-patterns.json holds them (the same patterns, the same file)."""
    specs: dict[str, int] = {}  # a compiled item without its quantifier, as JSON -> its place in the table
    data = {
        "key": key,
        "lexicon": {"classes": builtin.lexicon.classes, "irregular": builtin.lexicon.irregular},
        "threshold": builtin.threshold,
        "min_hiring": builtin.min_hiring,
        "signals": [_plain(signal, specs) for signal in builtin.signals],
        "categories": [_plain(category, specs) for category in builtin.categories],
    }
    data["specs"] = [json.loads(spec) for spec in specs]
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n"


def _plain(value: object, specs: dict[str, int]) -> object:
    """A dataclass as a mapping of its fields, tuples as lists; compiled patterns as table references."""
    if isinstance(value, Category | Rule | ContextSignal | FramePart):
        plain = {}
        for field in fields(value):
            item = getattr(value, field.name)
            if field.name == "compiled":
                plain[field.name] = [[_reference(spec, specs) for spec in pattern] for pattern in item]
            elif field.name == "source":
                plain[field.name] = Path(item).name
            else:
                plain[field.name] = _plain(item, specs)
        return plain
    if isinstance(value, Severity):
        return value.name
    if isinstance(value, tuple | list):
        return [_plain(item, specs) for item in value]
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise TypeError(f"cannot ship {type(value).__name__} {value!r}")


def _reference(spec: dict, specs: dict[str, int]) -> int | list:
    """``n`` for the table's item n, or ``[n, op]`` for it with a quantifier."""
    body = {name: value for name, value in spec.items() if name != "OP"}
    number = specs.setdefault(json.dumps(body, separators=(",", ":"), ensure_ascii=False), len(specs))
    return [number, spec["OP"]] if "OP" in spec else number


# Reading ------------------------------------------------------------------------------------------------

def from_json(data: dict, patterns_dir: Path) -> FolderPatterns:
    from .words import english_words

    reader = _Reader(data["specs"], patterns_dir)
    lexicon = Lexicon({name: tuple(words) for name, words in data["lexicon"]["classes"].items()},
                      {word: list(forms) for word, forms in data["lexicon"]["irregular"].items()},
                      english_words())
    return FolderPatterns(tuple(reader.category(category) for category in data["categories"]), lexicon,
                           tuple(reader.signal(signal) for signal in data["signals"]),
                           float(data["threshold"]), float(data["min_hiring"]))


class _Reader:
    def __init__(self, specs: list[dict], patterns_dir: Path):
        self._specs = specs
        self._dir = patterns_dir

    def category(self, data: dict) -> Category:
        return Category(**self._fields(data, rules=lambda rules: tuple(self.rule(rule) for rule in rules)))

    def rule(self, data: dict) -> Rule:
        return Rule(**self._fields(data, severity=Severity.__getitem__,
                                   not_before=lambda words: tuple(tuple(sequence) for sequence in words),
                                   frame=lambda parts: tuple(FramePart(**self._fields(part)) for part in parts)))

    def signal(self, data: dict) -> ContextSignal:
        return ContextSignal(**self._fields(data))

    def _fields(self, data: dict, **read) -> dict:
        """Each field as the dataclass holds it: lists are tuples, unless ``read`` says otherwise."""
        values = {}
        for name, value in data.items():
            if name in read:
                values[name] = read[name](value)
            elif name == "compiled":
                values[name] = tuple([self._spec(reference) for reference in pattern] for pattern in value)
            elif name == "source":
                values[name] = str(self._dir / value)
            else:
                values[name] = tuple(value) if isinstance(value, list) else value
        return values

    def _spec(self, reference: int | list) -> dict:
        """A copy of the table's item (patterns share the word lists inside, as compiling does: see
        pattern_syntax._compile_body), with its quantifier."""
        if isinstance(reference, int):
            return dict(self._specs[reference])
        number, op = reference
        spec = dict(self._specs[number])
        spec["OP"] = op
        return spec
