"""The context gate's data is tested like the rules: every signal in patterns/_context.yaml has examples
that must trigger it (fail) and near misses that must not (pass), and each of its pattern lines matches
one of its fail examples."""
from __future__ import annotations

from dataclasses import replace

import pytest

from mail_lint.examples import run_signal_examples
from mail_lint.patterns import load_patterns


@pytest.mark.parametrize("name", [signal.name for signal in load_patterns().signals])
def test_signal_examples(pattern_set, name):
    [signal] = [s for s in pattern_set.signals if s.name == name]
    assert run_signal_examples(pattern_set, [signal]) == []


def test_a_wrong_signal_example_is_reported(pattern_set):
    interview = next(s for s in pattern_set.signals if s.name == "interview")
    swapped = replace(interview, fail_examples=("The meeting went by.",), pass_examples=("The interview went by.",))
    assert [line.split(": ", 1)[1] for line in run_signal_examples(pattern_set, [swapped])] == [
        "signal \"interview\": fail example does not trigger it: 'The meeting went by.'",
        "signal \"interview\": pass example triggers it: 'The interview went by.'",
        "signal \"interview\": no fail example matches pattern '~interview|interviewer|interviewers|reinterview'",
    ]
    assert run_signal_examples(pattern_set, [replace(interview, pass_examples=())]) == [
        f'{interview.source}: signal "interview": needs fail and pass examples']
