"""The built-in patterns shipped compiled (compiled_patterns.py, data/compiled-patterns.json): current, read
as the compiled ones, and left alone when stale or broken; extra packs compiled and checked as before."""
from __future__ import annotations

import ast
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from mail_lint import compiled_patterns, patterns
from mail_lint.compiled_patterns import SOURCES_KEYED, shipped_builtin, sources_key
from mail_lint.config import Settings
from mail_lint.draft import Draft
from mail_lint.linter import Linter
from mail_lint.patterns import PatternError, builtin_patterns_dir, load_folder, load_patterns
from mail_lint.regions import split_regions

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "mail_lint"

HOUSE = """\
category: house-style
summary: Words the house style avoids.
why: The house style says so.
instead: Use the plain word.
rules:
  - id: utilise
    message: '"Utilise" is "use".'
    patterns: ["~utilise"]
    examples:
      fail: [We utilise the data.]
      pass: [We use the data.]
"""


def _build_script():
    spec = importlib.util.spec_from_file_location("build_compiled_patterns",
                                                  ROOT / "scripts" / "build_compiled_patterns.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_file_is_built_from_the_current_pattern_files():
    """Fails when a file in patterns/ or the pattern compiler changed since the file was built: run
    scripts/build_compiled_patterns.py."""
    script = _build_script()
    assert script.TARGET.read_text(encoding="utf-8") == script.built(), "run scripts/build_compiled_patterns.py"
    assert shipped_builtin(builtin_patterns_dir()) is not None


def test_the_shipped_patterns_are_the_compiled_ones():
    shipped = load_patterns()
    compiled = load_patterns(use_shipped=False)
    assert shipped == compiled
    assert shipped_builtin(builtin_patterns_dir()) == load_folder(builtin_patterns_dir())
    # spot checks of what equality covers: the Matcher patterns, the gate, where each rule came from
    assert [rule.all_compiled for rule in shipped.rules] == [rule.all_compiled for rule in compiled.rules]
    assert len(shipped.rules) > 30 and sum(len(rule.all_compiled) for rule in shipped.rules) > 1000
    assert shipped.signals == compiled.signals and shipped.lexicon == compiled.lexicon
    assert all(Path(rule.source).parent == builtin_patterns_dir() for rule in shipped.rules)


def test_the_shipped_file_names_no_folder_of_the_machine_that_built_it():
    data = json.loads(compiled_patterns.shipped_text())
    sources = [rule["source"] for category in data["categories"] for rule in category["rules"]]
    sources += [signal["source"] for signal in data["signals"]]
    assert sources and all("/" not in source and "\\" not in source for source in sources)
    assert str(ROOT) not in compiled_patterns.shipped_text()


def _drafts() -> list[Draft]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "examples").glob("*.txt"))]
    for name in ("own-batch2.jsonl", "own-batch10.jsonl"):
        lines = (ROOT / "bench" / "corpus" / name).read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[:12] if line.strip()]
    return [Draft(path=f"draft-{i}.txt", text=text, regions=split_regions(text)) for i, text in enumerate(texts)]


def test_linting_with_the_shipped_patterns_finds_what_the_compiled_ones_find():
    drafts = _drafts()
    shipped, compiled = load_patterns(), load_patterns(use_shipped=False)
    for settings in (Settings(), Settings(assume_followup=True)):
        with_shipped = list(Linter(shipped, settings).lint(drafts))
        with_compiled = list(Linter(compiled, settings).lint(drafts))
        assert with_shipped == with_compiled
        if settings.assume_followup:
            assert sum(len(result.findings) for result in with_shipped) > 20


def test_a_changed_pattern_file_or_a_new_one_no_longer_matches_the_key(tmp_path):
    copy = tmp_path / "patterns"
    shutil.copytree(builtin_patterns_dir(), copy)
    assert sources_key(copy) == sources_key(builtin_patterns_dir())
    apology = copy / "apology.yaml"
    apology.write_text(apology.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    changed = sources_key(copy)
    assert changed != sources_key(builtin_patterns_dir())
    (copy / "house-style.yaml").write_text(HOUSE, encoding="utf-8")
    assert sources_key(copy) != changed


def test_the_key_covers_the_modules_the_pattern_loader_and_compiler_import():
    """A module patterns.py, pattern_syntax.py, textnorm.py or words.py imports from mail_lint can change
    what they compile: it must be in the key (SOURCES_KEYED)."""
    imported = set()
    for name in ("patterns.py", "pattern_syntax.py", "textnorm.py", "words.py"):
        for node in ast.walk(ast.parse((PACKAGE / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                module = node.module.replace(".", "/")
                imported.add(f"{module}/__init__.py" if (PACKAGE / module).is_dir() else f"{module}.py")
    assert {"pattern_syntax.py", "finding.py", "compiled_patterns.py"} <= imported
    assert imported <= set(SOURCES_KEYED)
    for name in SOURCES_KEYED:
        assert (PACKAGE / name).is_file(), name


def test_a_stale_file_is_not_used_and_the_pattern_files_are_compiled(monkeypatch):
    compiled = load_patterns(use_shipped=False)
    monkeypatch.setattr(compiled_patterns, "sources_key", lambda patterns_dir: "built from other files")
    assert shipped_builtin(builtin_patterns_dir()) is None
    folders = []
    real = patterns._load_shared
    monkeypatch.setattr(patterns, "_load_shared",
                        lambda base, texts_only: folders.append(base) or real(base, texts_only))
    assert load_patterns() == compiled
    assert folders == [builtin_patterns_dir()]


def _corrupt(text: str) -> list[str]:
    data = json.loads(text)
    data["categories"][0]["rules"][0]["severity"] = "LOUDEST"
    wrong_severity = json.dumps(data)
    data = json.loads(text)
    [rule, *_] = [rule for category in data["categories"] for rule in category["rules"] if rule["compiled"]]
    rule["compiled"][0] = [len(data["specs"]) + 5]
    no_such_item = json.dumps(data)
    data = json.loads(text)
    data["categories"][0]["rules"][0]["colour"] = "#123456"
    unknown_field = json.dumps(data)
    data = json.loads(text)
    del data["signals"][0]["kind"]
    missing_field = json.dumps(data)
    data = json.loads(text)
    data["lexicon"] = ["not", "a", "mapping"]
    wrong_shape = json.dumps(data)
    return [text[: len(text) // 2], "", "[]", "\ufffd\x00", wrong_severity, no_such_item, unknown_field,
            missing_field, wrong_shape]


def test_a_missing_or_corrupt_file_is_not_used_and_the_pattern_files_are_compiled(monkeypatch):
    compiled = load_patterns(use_shipped=False)
    good = compiled_patterns.shipped_text()

    def missing():
        raise FileNotFoundError("compiled-patterns.json")

    for broken in [missing, *(lambda text=text: text for text in _corrupt(good))]:
        monkeypatch.setattr(compiled_patterns, "shipped_text", broken)
        assert shipped_builtin(builtin_patterns_dir()) is None
        assert load_patterns() == compiled


def _pack(tmp_path: Path, text: str = HOUSE) -> Path:
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "house-style.yaml").write_text(text, encoding="utf-8")
    return pack


def test_an_extra_pack_is_compiled_and_added_to_the_shipped_built_in_patterns(tmp_path, monkeypatch):
    pack = _pack(tmp_path)
    compiled = load_patterns(extra_dirs=(pack,), use_shipped=False)

    def no_compiling(base, texts_only):
        raise AssertionError(f"read {base}")

    monkeypatch.setattr(patterns, "_load_shared", no_compiling)  # the built-in part must come from the file
    shipped = load_patterns(extra_dirs=(pack,))
    assert shipped == compiled
    house = shipped.category("house-style")
    assert (house.colour, house.order) == ("#00747a", 1000 + len(shipped.categories) - 1)  # first spare colour
    assert house.rules[0].compiled and house.rules[0].source == str(pack / "house-style.yaml")
    assert shipped.origin == ("", str(pack))


@pytest.mark.parametrize(("change", "problem"), [
    (("~utilise", "~utilise)"), "pattern '~utilise)'"),
    (('patterns: ["~utilise"]', 'patterns: ["@nosuchclass"]'), "unknown word class @nosuchclass"),
    (("rules:", "colour: red\nrules:"), "'colour' must be a colour written #rrggbb, not 'red'"),
])
def test_an_extra_pack_reports_its_errors_as_before(tmp_path, change, problem):
    pack = _pack(tmp_path, HOUSE.replace(*change))
    errors = []
    for use_shipped in (True, False):
        with pytest.raises(PatternError) as error:
            load_patterns(extra_dirs=(pack,), use_shipped=use_shipped)
        errors.append(str(error.value))
    assert errors[0] == errors[1]
    assert errors[0].startswith(str(pack / "house-style.yaml")) and problem in errors[0]


def test_an_extra_pack_that_redefines_a_built_in_category_is_refused_as_before(tmp_path):
    pack = tmp_path / "mine"
    pack.mkdir()
    (pack / "apology.yaml").write_text(HOUSE.replace("house-style", "apology"), encoding="utf-8")
    errors = []
    for use_shipped in (True, False):
        with pytest.raises(PatternError) as error:
            load_patterns(extra_dirs=(pack,), use_shipped=use_shipped)
        errors.append(str(error.value))
    assert errors[0] == errors[1] and "is also defined in" in errors[0]
    assert errors[0].startswith(str(pack / "apology.yaml"))
