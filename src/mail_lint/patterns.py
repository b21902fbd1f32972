"""Load and validate the pattern files: one YAML file per category, plus the lexicon and the gate.

Every problem is reported as ``PatternError("<file>: rule \"x\": <problem>")`` at load time, never as
a surprise while linting. Pure Python: no spaCy here.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from .checks import CHECK_NAMES
from .finding import Severity
from .pattern_syntax import Lexicon, PatternSyntaxError, compile_pattern
from .textnorm import normalise_word
from .words import english_words

LEXICON_FILE = "_lexicon.yaml"
CONTEXT_FILE = "_context.yaml"

_CATEGORY_KEYS = {"category", "summary", "why", "instead", "rules", "label", "order", "colour", "background", "line",
                  "followup"}
_LINES = ("solid", "dashed", "dotted", "double", "groove", "outlined")  # how a report underlines the category
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# Colours for categories that name none (an --extra-patterns file), in turn: (colour, background).
_SPARE_COLOURS = (("#00747a", "#dff3f4"), ("#9c2f6b", "#f8e3ef"), ("#4d5b00", "#eef2d8"), ("#3f4ab3", "#e6e8fa"))
_RULE_KEYS = {
    "id", "message", "why", "instead", "severity", "phrases", "patterns", "fuzzy", "negation",
    "conditional", "not-after", "not-before", "extend", "examples", "check", "frame", "within",
}
MAX_FRAME_PARTS = 4
FRAME_WITHIN = 30  # tokens a frame's parts may spread over by default (``within``)
MAX_FRAME_WITHIN = 60
_SIGNAL_KINDS = ("hiring", "after", "against", "cue")  # a cue weighs nothing: it only voids an against's "unless"




class PatternError(ValueError):
    """A pattern file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class FramePart:
    """One part of a frame rule: patterns of which one must match in the sentence (see Rule.frame)."""

    name: str
    patterns: tuple[str, ...]
    compiled: tuple[list[dict], ...]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str  # "<category>.<name>"
    message: str
    why: str
    instead: str
    severity: Severity
    phrases: tuple[str, ...]
    patterns: tuple[str, ...]
    fuzzy_threshold: int | None  # minimum rapidfuzz ratio for a typo match; None: exact only
    negatable: bool  # a negation before the match in its clause cancels it ("I won't ...")
    conditional: bool  # an "if"/"unless" before the match in its clause cancels it
    not_after: tuple[str, ...]  # words (or "i know": words in order) that cancel the match just before it
    not_before: tuple[tuple[str, ...], ...]  # word sequences that cancel it when they follow it
    extend_to_clause: bool  # the evidence runs on to the end of the clause
    check: str | None  # a built-in whole-draft check instead of patterns (see mail_lint.checks)
    fail_examples: tuple[str, ...]
    pass_examples: tuple[str, ...]
    source: str
    compiled: tuple[list[dict], ...] = ()  # ``patterns`` as Matcher patterns, compiled once at load
    # A frame: the rule also fires where every part matches in one sentence, in any order, all within
    # ``within`` tokens ("is there any way" + "again": "Is there any way I could sit the test again?").
    frame: tuple[FramePart, ...] = ()
    within: int = FRAME_WITHIN

    @property
    def pattern_lines(self) -> tuple[str, ...]:
        """Every pattern line of the rule, its frame parts' included (what its examples must exercise)."""
        return self.patterns + tuple(line for part in self.frame for line in part.patterns)

    @property
    def frame_only(self) -> bool:
        """A rule that is nothing but a frame (see linter._longest_first)."""
        return bool(self.frame) and not self.phrases and not self.patterns

    @property
    def all_compiled(self) -> tuple[list[dict], ...]:
        return self.compiled + tuple(specs for part in self.frame for specs in part.compiled)

    @property
    def category(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    summary: str  # also the report's legend text
    why: str
    instead: str
    rules: tuple[Rule, ...]
    source: str
    label: str = ""  # the report's name for it ("Thanks"); the id when the file names none
    order: int = 1000  # place in the reports' legend, lowest first
    colour: str = ""  # the report's mark and tag colour, #rrggbb (a spare one when the file names none)
    background: str = ""  # the marked text's background
    line: str = "solid"  # the underline's style: categories differ without colour too
    followup: bool = False  # one of the five follow-up categories (bench/accuracy.py scores these)


@dataclass(frozen=True, slots=True)
class ContextSignal:
    name: str
    kind: str  # hiring | after | against | cue (no weight: only named by another signal's ``unless``)
    weight: float
    patterns: tuple[str, ...]
    compiled: tuple[list[dict], ...] = ()  # ``patterns`` as Matcher patterns, compiled once at load
    fail_examples: tuple[str, ...] = ()  # texts the signal must fire on (every pattern line matches one)
    pass_examples: tuple[str, ...] = ()  # texts it must not fire on
    source: str = ""
    weak: bool = False  # evidence that business mail shares too: alone with other weak signals, never enough
    unless: tuple[str, ...] = ()  # an against signal that counts only when none of these signals fired


@dataclass(frozen=True, slots=True)
class PatternSet:
    categories: tuple[Category, ...]
    lexicon: Lexicon
    signals: tuple[ContextSignal, ...]
    threshold: float  # hiring + after weight needed for a follow-up
    min_hiring: float  # hiring weight needed: the draft is about a job
    origin: tuple[str, ...] = ()  # the directories it was loaded from: (base or "" for built-in, *extra)
    texts_only: bool = False  # from load_rule_texts: no compiled pattern, no lexicon, no gate signal

    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(rule for category in self.categories for rule in category.rules)

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def gate_says_followup(self, hiring: float, after: float, against: float, strong: bool) -> bool:
        """The context gate's rule over the weights of the signals that fired (context.decide), also
        asked by the gate screen (screen.py) with every possible signal and no against: an "after"
        signal, enough hiring weight alone and with "after", less "against" than "after", and at least
        one hiring or after signal that is not weak (``strong``)."""
        return gate_says_followup(self.threshold, self.min_hiring, hiring, after, against, strong)

    def categories_in_order(self) -> tuple[Category, ...]:
        """The categories as the reports list them: by their ``order``, then id."""
        return tuple(sorted(self.categories, key=lambda c: (c.order, c.id)))

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def suggest(self, name: str) -> str | None:
        """The nearest rule id or category id, for "did you mean" messages."""
        known = [c.id for c in self.categories] + [r.id for r in self.rules]
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        return close[0] if close else None


def gate_says_followup(threshold: float, min_hiring: float, hiring: float, after: float, against: float,
                       strong: bool) -> bool:
    """The context gate's rule (PatternSet.gate_says_followup) for a threshold and a min-hiring weight: also
    asked by the gate screen built from its shipped tables (gate_tables.py), which loads no PatternSet."""
    return after > 0 and hiring >= min_hiring and hiring + after >= threshold and against < after and strong


def __getattr__(name: str):
    """``CATEGORY_IDS``: the five follow-up categories, in report order, read from the built-in pattern
    files (their ``followup: true``) on first use - so importing this module reads no YAML."""
    if name == "CATEGORY_IDS":
        global CATEGORY_IDS
        CATEGORY_IDS = tuple(c.id for c in load_patterns().categories_in_order() if c.followup)
        return CATEGORY_IDS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def builtin_patterns_dir() -> Path:
    """The shipped patterns: inside the installed package, or the repository's patterns/ in a checkout."""
    packaged = Path(str(resources.files("mail_lint"))) / "patterns"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "patterns"


def load_patterns(directory: Path | None = None, extra_dirs: tuple[Path, ...] = (), *,
                  use_shipped: bool = True) -> PatternSet:
    """Load the built-in patterns (or ``directory``) and any extra category files, validated. The
    built-in ones come compiled ahead from data/compiled-patterns.json while it is current
    (compiled_patterns.py); ``use_shipped=False`` compiles their files anyway."""
    return _load(directory, extra_dirs, texts_only=False, use_shipped=use_shipped)


def load_rule_texts(directory: Path | None = None, extra_dirs: tuple[Path, ...] = ()) -> PatternSet:
    """The categories and rules as ``rule ID`` and ``rules`` show them: the category files read and
    checked as load_patterns does, but no pattern line compiled (nothing compiled is shown) and neither
    the lexicon nor the gate's context file read. Not for linting: it has no Matcher patterns and no gate
    signals (``texts_only``); ``check`` and ``check-patterns`` still compile and validate every line."""
    return _load(directory, extra_dirs, texts_only=True)


@dataclass(frozen=True, slots=True)
class FolderPatterns:
    """What one pattern folder (the built-in one, or ``directory``) loads to, before any extra pack is
    added and before the spare colours are handed out: what data/compiled-patterns.json ships of the
    built-in folder (compiled_patterns.py)."""

    categories: tuple[Category, ...]
    lexicon: Lexicon
    signals: tuple[ContextSignal, ...]
    threshold: float
    min_hiring: float


def _load(directory: Path | None, extra_dirs: tuple[Path, ...], texts_only: bool,
          use_shipped: bool = False) -> PatternSet:
    base = directory or builtin_patterns_dir()
    shipped = None
    if directory is None and use_shipped and not texts_only:
        from .compiled_patterns import shipped_builtin

        shipped = shipped_builtin(base)
    if shipped is not None:
        lexicon, signals = shipped.lexicon, shipped.signals
        threshold, min_hiring = shipped.threshold, shipped.min_hiring
        category_files: list[Path] = []
    else:
        lexicon, signals, threshold, min_hiring = _load_shared(base, texts_only)
        category_files = pattern_files(base)
    loaded = {base.resolve()}
    for extra in extra_dirs:
        if not extra.is_dir():
            raise PatternError(f"{extra}: pattern directory not found")
        if extra.resolve() in loaded:  # the built-in folder, or a pack named twice: its files are in already
            continue
        loaded.add(extra.resolve())
        found = pattern_files(extra)
        if not found:
            raise PatternError(f"{extra}: no pattern files (*.yaml, *.yml) in this folder")
        category_files += found
    shipped_categories = shipped.categories if shipped is not None else ()
    # ``i`` counts the shipped categories too: it is a category's default ``order``
    categories = _with_spare_colours([*shipped_categories, *(_load_category(path, lexicon, i) for i, path
                                                             in enumerate(category_files, len(shipped_categories)))])
    _check_unique(categories)
    origin = (str(directory) if directory else "", *(str(extra) for extra in extra_dirs))
    return PatternSet(categories, lexicon or Lexicon({}, {}), signals, threshold, min_hiring, origin,
                      texts_only=texts_only)


def _load_shared(base: Path, texts_only: bool) -> tuple[Lexicon | None, tuple[ContextSignal, ...], float, float]:
    """A pattern folder's lexicon and gate (none for ``texts_only``: load_rule_texts)."""
    if texts_only:
        return None, (), 0.0, 0.0
    lexicon = _load_lexicon(base / LEXICON_FILE)
    return (lexicon, *_load_context(base / CONTEXT_FILE, lexicon))


def load_folder(base: Path) -> FolderPatterns:
    """A pattern folder's files read, checked and compiled, as ``load_patterns(base)`` loads them before
    the spare colours are handed out (what scripts/build_compiled_patterns.py ships of the built-in one)."""
    lexicon, signals, threshold, min_hiring = _load_shared(base, texts_only=False)
    categories = tuple(_load_category(path, lexicon, i) for i, path in enumerate(pattern_files(base)))
    return FolderPatterns(categories, lexicon, signals, threshold, min_hiring)


def pattern_files(directory: Path) -> list[Path]:
    """The category files of a pattern folder: *.yaml and *.yml, not the _shared ones."""
    return sorted(p for p in directory.iterdir()
                  if p.suffix in (".yaml", ".yml") and not p.name.startswith("_") and p.is_file())


def _read_yaml(path: Path) -> dict:
    import yaml  # here, not at the top: the hook decides ordinary mail without reading a pattern file

    from . import safe_yaml

    try:
        data = safe_yaml.load(path.read_text(encoding="utf-8"))
    except safe_yaml.AliasError as error:
        raise PatternError(f"{path}: {error}") from None
    except FileNotFoundError:
        raise PatternError(f"{path}: file not found") from None
    except UnicodeDecodeError as error:
        raise PatternError(f"{path}: not valid UTF-8 ({error.reason} at byte {error.start})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise PatternError(f"{path}: {where}invalid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise PatternError(f"{path}: expected a mapping at the top level")
    return data


def _load_lexicon(path: Path) -> Lexicon:
    data = _read_yaml(path)
    _check_keys(data, {"classes", "irregular"}, f"{path}")
    classes = {}
    for name, words in (data.get("classes") or {}).items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise PatternError(f"{path}: class {name!r}: expected a list of words")
        classes[name] = tuple(w.lower() for w in words)
    irregular = {}
    for word, forms in (data.get("irregular") or {}).items():
        if not isinstance(forms, list):
            raise PatternError(f"{path}: irregular {word!r}: expected a list of forms")
        irregular[word] = [str(f).lower() for f in forms]
    return Lexicon(classes, irregular, english_words())


def _load_context(path: Path, lexicon: Lexicon) -> tuple[tuple[ContextSignal, ...], float, float]:
    data = _read_yaml(path)
    _check_keys(data, {"threshold", "min-hiring", "signals"}, f"{path}")
    signals = []
    for entry in data.get("signals") or []:
        where = f"{path}: signal {entry.get('name', '?')!r}" if isinstance(entry, dict) else f"{path}"
        if not isinstance(entry, dict):
            raise PatternError(f"{where}: expected a mapping")
        _check_keys(entry, {"name", "kind", "weight", "weak", "unless", "patterns", "examples"}, where)
        kind = entry.get("kind")
        if kind not in _SIGNAL_KINDS:
            raise PatternError(f"{where}: kind must be one of {', '.join(_SIGNAL_KINDS)}, not {kind!r}")
        patterns = _string_list(entry.get("patterns"), where, "patterns")
        compiled = _compile_all(patterns, lexicon, where, path)
        examples = entry.get("examples") or {}
        if not isinstance(examples, dict):
            raise PatternError(f"{where}: examples must be a mapping with fail and pass lists")
        _check_keys(examples, {"fail", "pass"}, f"{where}: examples")
        signals.append(ContextSignal(str(entry["name"]), kind, float(entry.get("weight", 1.0)), patterns, compiled,
                                     _string_list(examples.get("fail"), where, "examples.fail"),
                                     _string_list(examples.get("pass"), where, "examples.pass"), str(path),
                                     weak=_flag(entry, "weak", where), unless=_unless(entry, kind, where)))
    names = {signal.name for signal in signals}
    for signal in signals:
        for name in signal.unless:
            if name not in names:
                raise PatternError(f"{path}: signal {signal.name!r}: unless names no signal: {name!r}")
    return tuple(signals), float(data.get("threshold", 3.0)), float(data.get("min-hiring", 2.0))


def _unless(entry: dict, kind: str, where: str) -> tuple[str, ...]:
    """The signals whose firing voids this one: only an against signal has them."""
    if "unless" not in entry:
        return ()
    if kind != "against":
        raise PatternError(f"{where}: only an against signal can have 'unless'")
    return tuple(_string_list(entry["unless"], where, "unless"))


def _load_category(path: Path, lexicon: Lexicon | None, index: int = 0) -> Category:
    data = _read_yaml(path)
    _check_keys(data, _CATEGORY_KEYS, f"{path}")
    category_id = data.get("category")
    if category_id != path.stem:
        raise PatternError(f"{path}: category {category_id!r} must equal the file name {path.stem!r}")
    for key in ("summary", "why", "instead"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise PatternError(f"{path}: missing {key!r}")
    entries = data.get("rules")
    if not isinstance(entries, list) or not entries:
        raise PatternError(f"{path}: 'rules' must be a non-empty list")
    rules = tuple(_load_rule(entry, data, path, lexicon) for entry in entries)
    summary, why, instead = (data[key].strip() for key in ("summary", "why", "instead"))
    return Category(
        category_id, summary, why, instead, rules, str(path),
        label=_text(data, "label", category_id, path),
        order=_integer(data, "order", 1000 + index, path),
        colour=_colour(data, "colour", path),
        background=_colour(data, "background", path),
        line=_choice(data, "line", _LINES, f"{path}") if "line" in data else "solid",
        followup=_flag(data, "followup", path),
    )


def _text(data: dict, key: str, default: str, path: Path) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise PatternError(f"{path}: {key!r} must be a non-empty string")
    return value.strip()


def _integer(data: dict, key: str, default: int, path: Path) -> int:
    value = data.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise PatternError(f"{path}: {key!r} must be a whole number")
    return value


def _with_spare_colours(categories: list[Category]) -> tuple[Category, ...]:
    """Each category that names no colours gets the next spare pair, so every category has its own."""
    spare = 0
    coloured = []
    for category in categories:
        if not category.colour:
            colour, background = _SPARE_COLOURS[spare % len(_SPARE_COLOURS)]
            spare += 1
            category = replace(category, colour=colour, background=category.background or background)
        elif not category.background:
            category = replace(category, background="#ffffff")
        coloured.append(category)
    return tuple(coloured)


def _colour(data: dict, key: str, path: Path) -> str:
    """#rrggbb, or "" when the file names none."""
    value = data.get(key, "")
    if value == "":
        return ""
    if not isinstance(value, str) or not _COLOUR.match(value):
        raise PatternError(f"{path}: {key!r} must be a colour written #rrggbb, not {value!r}")
    return value.lower()


def _flag(data: dict, key: str, path: Path) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise PatternError(f"{path}: {key!r} must be true or false")
    return value


def _load_rule(entry: object, category: dict, path: Path, lexicon: Lexicon | None) -> Rule:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise PatternError(f"{path}: every rule needs an 'id'")
    name = entry["id"]
    where = f'{path}: rule "{name}"'
    _check_keys(entry, _RULE_KEYS, where)
    if not name.replace("-", "").isalnum() or name != name.lower():
        raise PatternError(f"{where}: ids are lower-case kebab-case")
    if not isinstance(entry.get("message"), str):
        raise PatternError(f"{where}: missing 'message'")
    phrases = _string_list(entry.get("phrases"), where, "phrases")
    patterns = _string_list(entry.get("patterns"), where, "patterns")
    check = entry.get("check")
    if check is not None and check not in CHECK_NAMES:
        raise PatternError(f"{where}: unknown check {check!r} (known: {', '.join(CHECK_NAMES)})")
    frame = _load_frame(entry.get("frame"), lexicon, where, path)
    if not phrases and not patterns and check is None and not frame:
        raise PatternError(f"{where}: needs 'phrases', 'patterns', 'frame' or 'check'")
    within = entry.get("within", FRAME_WITHIN)
    if not isinstance(within, int) or isinstance(within, bool) or not 1 <= within <= MAX_FRAME_WITHIN:
        raise PatternError(f"{where}: 'within' must be a whole number of tokens from 1 to {MAX_FRAME_WITHIN}")
    if "within" in entry and not frame:
        raise PatternError(f"{where}: 'within' needs a 'frame'")
    compiled = _compile_all(patterns, lexicon, where, path)
    examples = entry.get("examples") or {}
    if not isinstance(examples, dict):
        raise PatternError(f"{where}: 'examples' must map fail/pass to lists")
    _check_keys(examples, {"fail", "pass"}, f"{where}: examples")
    try:
        severity = Severity.parse(entry.get("severity", "warning"))
    except ValueError as error:
        raise PatternError(f"{where}: {error}") from None
    return Rule(
        id=f"{category['category']}.{name}",
        message=entry["message"].strip(),
        why=str(entry.get("why") or category["why"]).strip(),
        instead=str(entry.get("instead") or category["instead"]).strip(),
        severity=severity,
        phrases=phrases,
        patterns=patterns,
        fuzzy_threshold=_fuzzy_threshold(entry.get("fuzzy", True), where),
        negatable=_choice(entry, "negation", ("cancels", "ignored"), where) == "cancels",
        conditional=_choice(entry, "conditional", ("cancels", "ignored"), where) == "cancels",
        not_after=tuple(" ".join(normalise_word(w) for w in phrase.split())
                        for phrase in _string_list(entry.get("not-after"), where, "not-after")),
        not_before=tuple(
            tuple(normalise_word(w) for w in phrase.split())
            for phrase in _string_list(entry.get("not-before"), where, "not-before")
        ),
        extend_to_clause=_choice(entry, "extend", ("match", "clause"), where) == "clause",
        check=check,
        fail_examples=_string_list(examples.get("fail"), where, "examples.fail"),
        pass_examples=_string_list(examples.get("pass"), where, "examples.pass"),
        source=str(path),
        compiled=compiled,
        frame=frame,
        within=within,
    )


def _load_frame(value: object, lexicon: Lexicon | None, where: str, path: Path) -> tuple[FramePart, ...]:
    """``frame: {part: [pattern, ...], ...}``: two to MAX_FRAME_PARTS named parts."""
    if value is None:
        return ()
    if not isinstance(value, dict) or not 2 <= len(value) <= MAX_FRAME_PARTS:
        raise PatternError(f"{where}: 'frame' must map 2 to {MAX_FRAME_PARTS} part names to lists of patterns")
    parts = []
    for name, lines in value.items():
        if not isinstance(name, str) or not name.replace("-", "").isalnum():
            raise PatternError(f"{where}: frame part names are words, not {name!r}")
        patterns = _string_list(lines, where, f"frame.{name}")
        if not patterns:
            raise PatternError(f"{where}: frame part {name!r} has no patterns")
        parts.append(FramePart(name, patterns, _compile_all(patterns, lexicon, f"{where}: frame part {name!r}", path)))
    return tuple(parts)


def _fuzzy_threshold(value: object, where: str) -> int | None:
    if value is False:
        return None
    if value is True:
        return 85
    if isinstance(value, dict) and set(value) == {"threshold"}:
        threshold = value["threshold"]
        if isinstance(threshold, int) and 50 <= threshold <= 100:
            return threshold
    raise PatternError(f"{where}: 'fuzzy' is true, false or {{threshold: 50..100}}")


def _choice(entry: dict, key: str, choices: tuple[str, ...], where: str) -> str:
    value = entry.get(key, choices[0])
    if value not in choices:
        raise PatternError(f"{where}: {key!r} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _string_list(value: object, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PatternError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _compile_all(patterns: tuple[str, ...], lexicon: Lexicon | None, where: str,
                 path: Path | None = None) -> tuple[list[dict], ...]:
    """The patterns as Matcher patterns; none without a lexicon (load_rule_texts: nothing is compiled)."""
    if lexicon is None:
        return ()
    compiled: list[list[dict]] = []
    for pattern in patterns:
        try:
            compiled.extend(compile_pattern(pattern, lexicon))
        except PatternSyntaxError as error:
            line = _line_of(path, pattern) if path is not None else None
            at = f" (line {line})" if line else ""
            raise PatternError(f"{where}{at}: pattern {pattern!r}: {error}") from None
    return tuple(compiled)


def _line_of(path: Path, text: str) -> int | None:
    """The first line of the file that holds ``text`` (the YAML loader keeps no positions)."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text in line:
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return None


def unknown_key(data: dict, allowed: set[str]) -> str | None:
    """'unknown key "x" (did you mean "y"?)' for the first key not allowed, or None."""
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key).replace("_", "-"), sorted(allowed), n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            return f'unknown key "{key}"{hint}'
    return None


def _check_keys(data: dict, allowed: set[str], where: str) -> None:
    problem = unknown_key(data, allowed)
    if problem:
        raise PatternError(f"{where}: {problem}")


def _check_unique(categories: tuple[Category, ...]) -> None:
    seen: dict[str, str] = {}
    for category in categories:
        if category.id in seen:
            raise PatternError(f"{category.source}: category {category.id!r} is also defined in {seen[category.id]}")
        seen[category.id] = category.source
        names: set[str] = set()
        for rule in category.rules:
            if rule.id in names:
                raise PatternError(f'{category.source}: rule "{rule.name}" is defined twice')
            names.add(rule.id)
