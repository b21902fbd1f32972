"""Every signal of the context gate (patterns/_context.yaml) carries examples, as rules do: texts it must
fire on and texts it must not. A signal that silently stops matching, or starts matching ordinary
mail, fails here."""
from __future__ import annotations

import pytest

from mail_lint.matchers.rules import OTHER_SIGNALS_SPANS, SIGNALS_SPANS
from mail_lint.nlp import shared_pipeline
from mail_lint.patterns import PatternError, load_patterns

from .test_pattern_files import pattern_dir, write  # noqa: F401  (pattern_dir is a fixture)

SIGNALS = load_patterns().signals


def fired(nlp, text: str) -> set[str]:
    doc = nlp.get_pipe("mail_lint_matcher").find_other_signals(nlp(text))
    return {span.label_ for group in (SIGNALS_SPANS, OTHER_SIGNALS_SPANS) for span in doc.spans[group]}


@pytest.fixture(scope="module")
def nlp(pattern_set):
    return shared_pipeline(pattern_set)


@pytest.mark.parametrize("signal", SIGNALS, ids=[s.name for s in SIGNALS])
def test_signal_examples(nlp, signal):
    assert signal.fail_examples, f"signal {signal.name!r} has no fail example"
    assert signal.pass_examples, f"signal {signal.name!r} has no pass example"
    missed = [text for text in signal.fail_examples if signal.name not in fired(nlp, text)]
    wrong = [text for text in signal.pass_examples if signal.name in fired(nlp, text)]
    assert missed == [], f"{signal.name}: fail examples it does not fire on"
    assert wrong == [], f"{signal.name}: pass examples it fires on"


@pytest.mark.parametrize(("context", "expected"), [
    ("signals:\n  - name: x\n    kind: hiring\n    patterns: [job]\n    examples: {fail: [a], maybe: [b]}\n",
     "maybe"),
    ("signals:\n  - name: x\n    kind: hiring\n    weak: maybe\n    patterns: [job]\n"
     "    examples: {fail: [a job], pass: [b]}\n", "weak"),
    ("signals:\n  - name: x\n    kind: against\n    unless: [nothing-here]\n    patterns: [flat]\n"
     "    examples: {fail: [a flat], pass: [b]}\n", "nothing-here"),
    ("signals:\n  - name: c\n    kind: cue\n    patterns: [job]\n    examples: {fail: [a job], pass: [b]}\n"
     "  - name: x\n    kind: hiring\n    unless: [c]\n    patterns: [flat]\n"
     "    examples: {fail: [a flat], pass: [b]}\n", "only an against signal"),
])
def test_a_broken_signal_fails_at_load_saying_why(pattern_dir, context, expected):  # noqa: F811  (the fixture)
    """Examples that are not fail/pass lists, weak that is not a flag, an unless naming no signal, an unless
    on a signal that is not against."""
    write(pattern_dir, "_context.yaml", context)
    with pytest.raises(PatternError, match=expected):
        load_patterns(pattern_dir)


def test_a_cue_and_an_unless_load(pattern_dir):  # noqa: F811  (the fixture)
    write(pattern_dir, "_context.yaml",
          "signals:\n  - name: c\n    kind: cue\n    patterns: [job]\n    examples: {fail: [a job], pass: [b]}\n"
          "  - name: x\n    kind: against\n    unless: [c]\n    patterns: [flat]\n"
          "    examples: {fail: [a flat], pass: [b]}\n")
    signals = {signal.name: signal for signal in load_patterns(pattern_dir).signals}
    assert signals["c"].kind == "cue"
    assert signals["x"].unless == ("c",)
