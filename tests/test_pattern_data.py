"""The pattern files as data: the public category ids, unique rule ids, complete rules."""
from __future__ import annotations

from pathlib import Path

import pytest

from mail_lint.patterns import CATEGORY_IDS, builtin_patterns_dir, load_patterns


def test_the_five_public_category_ids_and_addressing(pattern_set):
    assert tuple(sorted(c.id for c in pattern_set.categories)) == tuple(sorted((*CATEGORY_IDS, "addressing")))


def test_category_id_is_the_file_stem(pattern_set):
    for category in pattern_set.categories:
        assert Path(category.source).stem == category.id


def test_rule_ids_are_unique_and_prefixed_by_their_category(pattern_set):
    ids = [rule.id for rule in pattern_set.rules]
    assert len(ids) == len(set(ids))
    for category in pattern_set.categories:
        if category.id in CATEGORY_IDS:
            assert len(category.rules) >= 2, f"{category.id} should hold several rules"
        for rule in category.rules:
            assert rule.id.startswith(category.id + ".")


@pytest.mark.parametrize("rule_id", [rule.id for rule in load_patterns().rules])
def test_every_rule_is_documented_and_has_both_kinds_of_example(pattern_set, rule_id):
    rule = pattern_set.rule(rule_id)
    assert rule.message and rule.why and rule.instead
    assert rule.fail_examples, f"{rule_id} has no fail example"
    assert rule.pass_examples, f"{rule_id} has no pass (near-miss) example"


def test_builtin_patterns_are_found():
    directory = builtin_patterns_dir()
    assert (directory / "_lexicon.yaml").is_file()
    assert (directory / "_context.yaml").is_file()


def test_gate_has_every_kind_of_signal(pattern_set):
    """hiring, after and against weigh; a cue weighs nothing and only voids an against signal's ``unless``
    (which may also name weighing signals: before-the-event yields to an outcome told). A cue no ``unless``
    names is dead."""
    assert {signal.kind for signal in pattern_set.signals} == {"hiring", "after", "against", "cue"}
    cues = {signal.name for signal in pattern_set.signals if signal.kind == "cue"}
    named = {name for signal in pattern_set.signals for name in signal.unless}
    assert cues <= named
    assert all(signal.kind == "against" for signal in pattern_set.signals if signal.unless)


def test_every_word_class_of_the_lexicon_is_used():
    """A class no pattern names (`@class`) is dead data: it is compiled into every item spec cache and read
    by whoever edits the lexicon, and it does nothing."""
    import re

    import yaml

    folder = builtin_patterns_dir()
    classes = yaml.safe_load((folder / "_lexicon.yaml").read_text(encoding="utf-8"))["classes"]
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.yaml")))
    named = set(re.findall(r"@([A-Za-z0-9_-]+)", text))
    assert sorted(set(classes) - named) == []
