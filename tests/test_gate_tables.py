"""The gate screen's shipped tables (gate_tables.py, data/gate-tables.json): current, and read as the built ones."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from mail_lint import gate_tables
from mail_lint.draft import Draft
from mail_lint.gate_tables import shipped_tables, sources_key
from mail_lint.linter import Linter
from mail_lint.patterns import builtin_patterns_dir
from mail_lint.regions import split_regions
from mail_lint.screen import GateScreen, shipped_screen

ROOT = Path(__file__).resolve().parents[1]


def _build_script():
    spec = importlib.util.spec_from_file_location("build_gate_tables", ROOT / "scripts" / "build_gate_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_tables_are_built_from_the_current_pattern_files():
    """Fails when patterns/_context.yaml, _lexicon.yaml, the word list or the pattern compiler changed
    since the tables were built: run scripts/build_gate_tables.py."""
    script = _build_script()
    assert script.TARGET.read_text(encoding="utf-8") == script.built(), "run scripts/build_gate_tables.py"
    assert shipped_tables() is not None


@pytest.fixture(scope="module")
def screens(pattern_set):
    shipped = shipped_screen()
    assert shipped is not None
    return shipped, GateScreen(pattern_set)


def _words_to_try(built: GateScreen) -> list[str]:
    """Ordinary mail's common words, the English words near a trigger, and triggers misspelt."""
    shares = ROOT / "tests" / "fixtures" / "ordinary-word-shares.tsv"
    common = [line.split("\t")[0] for line in shares.read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    near = sorted(shipped_tables().english_near)[::3]
    misspelt = [w[:i] + w[i + 1 :] for w in sorted(built.trigger_words) for i in range(1, len(w), 3)]
    return common + near + misspelt + ["tommorrow", "realy", "organisation", "wonderin", "intervieeew", "cuz"]


def test_the_shipped_screen_reads_every_word_as_the_screen_built_from_the_patterns(screens):
    shipped, built = screens
    words = _words_to_try(built)
    assert len(words) > 5000
    differ = {w: (shipped.triggers_in(w), built.triggers_in(w)) for w in words
              if shipped.triggers_in(w) != built.triggers_in(w)}
    assert differ == {}
    assert shipped.trigger_words == built.trigger_words


def test_the_shipped_screen_decides_the_examples_as_the_built_one(screens):
    shipped, built = screens
    for path in sorted((ROOT / "examples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        draft = Draft(path=str(path), text=text, regions=split_regions(text))
        assert shipped.might_follow_up(draft) == built.might_follow_up(draft), path.name


def test_a_changed_gate_file_no_longer_matches_the_key(tmp_path):
    copy = tmp_path / "patterns"
    shutil.copytree(builtin_patterns_dir(), copy)
    assert sources_key(copy) == sources_key()
    context = copy / "_context.yaml"
    context.write_text(context.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    assert sources_key(copy) != sources_key()


@pytest.mark.parametrize("module", ["pattern_syntax.py", "textnorm.py", "screen.py", "gate_tables.py"])
def test_a_changed_compiler_or_screen_module_no_longer_matches_the_key(tmp_path, monkeypatch, module):
    """The tables are worked out by code as much as from the gate's files: the pattern compiler (what
    each pattern requires), the normaliser (the typo reach behind english_near), this module and the
    screen. A change to any of them must make the shipped tables stale, not silently wrong."""
    installed = sources_key()
    package = tmp_path / "mail_lint"
    shutil.copytree(Path(gate_tables.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(gate_tables.resources, "files", lambda name: package)
    assert sources_key(builtin_patterns_dir()) == installed  # the copy, read instead
    changed = package / module
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    assert sources_key(builtin_patterns_dir()) != installed


def test_the_key_covers_the_modules_the_tables_are_worked_out_with():
    """Every mail_lint module gate_tables.py imports (the pattern compiler's, through the compiled
    patterns' key) is in the key, and so are this module and the screen."""
    import ast

    from mail_lint.compiled_patterns import SOURCES_KEYED

    keyed = {*SOURCES_KEYED, "gate_tables.py", "screen.py"}
    source = Path(gate_tables.__file__).read_text(encoding="utf-8")
    imported = {f"{node.module}.py" for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module}
    assert {"patterns.py", "pattern_syntax.py", "compiled_patterns.py"} <= imported <= keyed


def test_stale_tables_are_not_used_and_the_screen_is_built_from_the_patterns(monkeypatch):
    monkeypatch.setattr(gate_tables, "sources_key", lambda patterns_dir=None: "built from other files")
    assert shipped_tables() is None and shipped_screen() is None
    linter = Linter(None, screen=True)
    text = (ROOT / "examples" / "ordinary-invoice.txt").read_text(encoding="utf-8")
    assert linter.lint_text(text).context.screened
    assert linter._pattern_set is not None  # loaded, to build the screen


def test_a_linter_of_the_built_in_patterns_loads_them_only_for_a_draft_past_the_screen():
    linter = Linter(None, screen=True)
    ordinary = (ROOT / "examples" / "ordinary-invoice.txt").read_text(encoding="utf-8")
    assert linter.lint_text(ordinary).context.screened
    assert linter._pattern_set is None
    follow_up = (ROOT / "examples" / "apology.txt").read_text(encoding="utf-8")
    assert linter.lint_text(follow_up).findings
    assert linter._pattern_set is not None
