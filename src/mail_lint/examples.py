"""Run rules' own examples: fail examples must fire the rule, pass examples must not, and every pattern
line must be matched by at least one fail example of its rule."""
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


def unexercised_patterns(pattern_set: PatternSet, rules: Sequence[Rule]) -> list[str]:
    """One line per pattern line that no fail example of its rule matches; empty when every line is exercised.

    Such a line is untested, and often broken in a way no other check sees: ``better|more complete
    answer`` is three items ("more complete answer"), where ``(better|more complete) answer`` was meant."""
    return [f'{rule.source}: rule "{rule.name}": no fail example matches pattern {line!r}'
            for rule, line in unexercised_lines(pattern_set, rules)]


def unexercised_lines(pattern_set: PatternSet, rules: Sequence[Rule]) -> list[tuple[Rule, str]]:
    """Each (rule, pattern line) that none of the rule's fail examples matches."""
    from .nlp import shared_pipeline  # first: it imports spaCy without its command-line package
    from .pattern_syntax import compile_pattern

    # isort: split
    from spacy.matcher import Matcher

    nlp = shared_pipeline(pattern_set)
    found = []
    for rule in rules:
        examples = [nlp(example) for example in rule.fail_examples]
        for line in rule.patterns:
            matcher = Matcher(nlp.vocab)
            matcher.add("line", compile_pattern(line, pattern_set.lexicon))
            if not any(matcher(example) for example in examples):
                found.append((rule, line))
    return found
