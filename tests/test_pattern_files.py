"""Broken pattern files fail at load time with one line naming the file, the rule and the problem."""
from __future__ import annotations

import shutil
import textwrap

import pytest

from mail_lint.patterns import PatternError, builtin_patterns_dir, load_patterns

GOOD_RULE = """
category: {stem}
summary: s
why: w
instead: i
rules:
  - id: demo
    message: m
    patterns: ["sorry"]
    examples: {{fail: ["sorry"], pass: ["fine"]}}
"""


@pytest.fixture
def pattern_dir(tmp_path):
    directory = tmp_path / "patterns"
    shutil.copytree(builtin_patterns_dir(), directory)
    return directory


def write(directory, name, text):
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_builtin_patterns_load(pattern_dir):
    assert len(load_patterns(pattern_dir).rules) >= 20


def test_extra_pattern_directory_adds_a_category(pattern_dir, tmp_path):
    extra = tmp_path / "team"
    extra.mkdir()
    write(extra, "house-style.yaml", GOOD_RULE.format(stem="house-style"))
    pattern_set = load_patterns(pattern_dir, extra_dirs=(extra,))
    assert "house-style.demo" in [rule.id for rule in pattern_set.rules]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (GOOD_RULE.format(stem="apology").replace("patterns:", "pattern:"),
         'rule "demo": unknown key "pattern" (did you mean "patterns"?)'),
        (GOOD_RULE.format(stem="something-else"), "must equal the file name"),
        (GOOD_RULE.format(stem="apology").replace('["sorry"]', '["@nope"]'), "unknown word class @nope"),
        (GOOD_RULE.format(stem="apology").replace("    message: m\n", ""), "missing 'message'"),
        (GOOD_RULE.format(stem="apology").replace("id: demo", "id: Demo_Rule"), "kebab-case"),
        (GOOD_RULE.format(stem="apology") + "  - id: demo\n    message: m\n    patterns: [x]\n", "defined twice"),
        ("category: apology\nrules: [\n", "line 3: invalid YAML"),
        ("- just a list\n", "expected a mapping"),
        (GOOD_RULE.format(stem="apology").replace("rules:", "severity: loud\nrules:"), 'unknown key "severity"'),
        (GOOD_RULE.format(stem="apology").replace("    message: m\n", "    message: m\n    severity: loud\n"),
         "unknown severity 'loud'"),
        (GOOD_RULE.format(stem="apology").replace("    message: m\n", "    message: m\n    fuzzy: {threshold: 20}\n"),
         "'fuzzy' is true, false or"),
    ],
)
def test_broken_category_file(pattern_dir, content, expected):
    path = write(pattern_dir, "apology.yaml", content)
    with pytest.raises(PatternError) as error:
        load_patterns(pattern_dir)
    message = str(error.value)
    assert message.startswith(str(path)), message
    assert expected in message
    assert "\n" not in message


def test_missing_lexicon_is_reported(pattern_dir):
    (pattern_dir / "_lexicon.yaml").unlink()
    with pytest.raises(PatternError, match="_lexicon.yaml: file not found"):
        load_patterns(pattern_dir)


def test_undecodable_file_is_reported(pattern_dir):
    (pattern_dir / "apology.yaml").write_bytes(b"category: apology\n\xff\xfe")
    with pytest.raises(PatternError, match="not valid UTF-8"):
        load_patterns(pattern_dir)


def test_bad_context_signal_kind(pattern_dir):
    write(pattern_dir, "_context.yaml", "signals:\n  - name: x\n    kind: maybe\n    patterns: [job]\n")
    with pytest.raises(PatternError, match="kind must be one of hiring, after, against"):
        load_patterns(pattern_dir)


def test_rule_texts_are_the_loaded_rules_without_compiling_a_pattern(pattern_dir):
    from dataclasses import replace

    from mail_lint.patterns import load_rule_texts

    (pattern_dir / "_context.yaml").write_text("signals: [\n", encoding="utf-8")  # never read for texts
    (pattern_dir / "_lexicon.yaml").unlink()
    texts = load_rule_texts(pattern_dir)
    assert texts.texts_only and not texts.signals
    assert all(not rule.compiled and all(not part.compiled for part in rule.frame) for rule in texts.rules)
    full = load_patterns(builtin_patterns_dir())
    uncompiled = [replace(rule, compiled=(), frame=tuple(replace(part, compiled=()) for part in rule.frame),
                          source="") for rule in full.rules]
    assert [replace(rule, source="") for rule in texts.rules] == uncompiled


def test_rule_texts_still_check_the_category_files(pattern_dir):
    from mail_lint.patterns import load_rule_texts

    path = write(pattern_dir, "apology.yaml", GOOD_RULE.format(stem="apology").replace("    message: m\n", ""))
    with pytest.raises(PatternError) as error:
        load_rule_texts(pattern_dir)
    assert str(error.value).startswith(str(path)) and "missing 'message'" in str(error.value)
