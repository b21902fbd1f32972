"""Run rules' own examples: fail examples must fire the rule, pass examples must not, and every pattern
line must be matched by at least one fail example of its rule. The context gate's signals are checked
the same way: their fail examples must trigger them, pass ones must not, and every pattern line must
be matched by one of its signal's fail examples."""
from __future__ import annotations

from collections.abc import Sequence

from .config import Settings
from .patterns import ContextSignal, PatternSet, Rule


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
    return _unexercised([(rule, rule.pattern_lines, rule.fail_examples) for rule in rules], pattern_set)


def _unexercised(owners: list, pattern_set: PatternSet) -> list:
    """For (owner, pattern lines, examples) triples: each (owner, line) no example matches."""
    from .nlp import shared_pipeline  # first: it imports spaCy without its command-line package
    from .pattern_syntax import compile_pattern

    # isort: split
    from spacy.matcher import Matcher

    nlp = shared_pipeline(pattern_set)
    found = []
    for owner, lines, texts in owners:
        examples = [nlp(example) for example in texts]
        for line in lines:
            matcher = Matcher(nlp.vocab)
            matcher.add("line", compile_pattern(line, pattern_set.lexicon))
            if not any(matcher(example) for example in examples):
                found.append((owner, line))
    return found


def run_signal_examples(pattern_set: PatternSet, signals: Sequence[ContextSignal]) -> list[str]:
    """One line per signal example that does not behave as its signal says; empty when all do."""
    from .matchers.rules import OTHER_SIGNALS_SPANS, SIGNALS_SPANS
    from .nlp import shared_stages

    stages = shared_stages(pattern_set)
    failures = []
    for signal in signals:
        for kind, examples in (("fail", signal.fail_examples), ("pass", signal.pass_examples)):
            for example in examples:
                doc = stages.matcher.find_other_signals(stages.nlp(example))
                found = {span.label_ for group in (SIGNALS_SPANS, OTHER_SIGNALS_SPANS) for span in doc.spans[group]}
                if (signal.name in found) != (kind == "fail"):
                    verb = "does not trigger it" if kind == "fail" else "triggers it"
                    failures.append(f'{signal.source}: signal "{signal.name}": {kind} example {verb}: {example!r}')
        if not signal.fail_examples or not signal.pass_examples:
            failures.append(f'{signal.source}: signal "{signal.name}": needs fail and pass examples')
    for signal, line in unexercised_signal_lines(pattern_set, signals):
        failures.append(f'{signal.source}: signal "{signal.name}": no fail example matches pattern {line!r}')
    return failures


def unexercised_signal_lines(pattern_set: PatternSet,
                             signals: Sequence[ContextSignal]) -> list[tuple[ContextSignal, str]]:
    """Each (signal, pattern line) that none of the signal's fail examples matches."""
    return _unexercised([(signal, signal.patterns, signal.fail_examples) for signal in signals], pattern_set)
