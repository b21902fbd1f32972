"""The greeting-name check: a greeting that names someone other than the recipient."""
from __future__ import annotations

import pytest

from .conftest import rule_ids


def message(to: str, greeting: str) -> bytes:
    return (f"From: Sam Carter <sam@example.org>\nTo: {to}\nSubject: Re: Interview\n\n{greeting}\n\n"
            "Thanks again for the interview on Monday.\n").encode()


@pytest.mark.parametrize("name", ["Jess", "Ross", "Les", "Charles", "James"])
def test_a_name_ending_in_s_is_the_right_greeting(linter, name):
    [result] = linter.lint_bytes("reply.eml", message(f"{name} Smith <{name.lower()}@example.com>", f"Dear {name},"))
    assert not [r for r in rule_ids(result) if r.endswith("greeting-name")]


def test_a_possessive_greeting_still_matches_the_name(linter):
    [result] = linter.lint_bytes("reply.eml", message("Dana Smith <dana@example.com>", "Hi Dana's,"))
    assert not [r for r in rule_ids(result) if r.endswith("greeting-name")]


def test_another_name_ending_in_s_is_still_reported(linter):
    [result] = linter.lint_bytes("reply.eml", message("Dana Smith <dana@example.com>", "Dear Jess,"))
    assert [r for r in rule_ids(result) if r.endswith("greeting-name")] == ["apology.greeting-name"]
