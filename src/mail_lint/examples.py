"""Run rules' own examples: fail examples must fire the rule, pass examples must not."""
from __future__ import annotations

from collections.abc import Sequence

from .config import Settings
from .patterns import PatternSet, Rule


def run_examples(pattern_set: PatternSet, rules: Sequence[Rule]) -> list[str]:
    """One line per example that does not behave as its rule says; empty when all do."""
    from .linter import Linter

    linter = Linter(pattern_set, Settings(assume_followup=True))
    failures = []
    for rule in rules:
        for kind, examples in (("fail", rule.fail_examples), ("pass", rule.pass_examples)):
            for example in examples:
                [result] = linter.lint_bytes("example.txt", example.encode("utf-8"))
                fired = rule.id in [finding.rule_id for finding in result.findings]
                if fired != (kind == "fail"):
                    verb = "is not flagged" if kind == "fail" else "is flagged"
                    failures.append(f'{rule.source}: rule "{rule.name}": {kind} example {verb}: {example!r}')
    return failures
