"""Every rule's own examples, from its pattern file: fail examples must fire it, pass ones must not."""
from __future__ import annotations

import pytest

from mail_lint.patterns import load_patterns

from .conftest import rule_ids

CASES = [
    pytest.param(rule.id, kind, example, id=f"{rule.id}-{kind}-{index}")
    for rule in load_patterns().rules
    for kind, examples in (("fail", rule.fail_examples), ("pass", rule.pass_examples))
    for index, example in enumerate(examples)
]


@pytest.mark.parametrize(("rule_id", "kind", "example"), CASES)
def test_rule_example(linter, rule_id, kind, example):
    [result] = linter.lint_bytes("example.txt", example.encode("utf-8"))
    found = rule_ids(result)
    if kind == "fail":
        assert rule_id in found, f"{example!r} should fire {rule_id}; got {found}"
    else:
        assert rule_id not in found, f"{example!r} must not fire {rule_id}"
