"""Every rule's own examples, from its pattern file: fail examples must fire it, pass ones must not."""
from __future__ import annotations

import pytest

from mail_lint.examples import run_examples, unexercised_patterns
from mail_lint.patterns import load_patterns


@pytest.mark.parametrize("rule_id", [rule.id for rule in load_patterns().rules])
def test_rule_examples(pattern_set, rule_id):
    assert run_examples(pattern_set, [pattern_set.rule(rule_id)]) == []


@pytest.mark.parametrize("rule_id", [rule.id for rule in load_patterns().rules])
def test_every_pattern_line_is_matched_by_a_fail_example(pattern_set, rule_id):
    """An untested line hides slips such as ``a b|c`` written for ``(a b|c)``."""
    assert unexercised_patterns(pattern_set, [pattern_set.rule(rule_id)]) == []
