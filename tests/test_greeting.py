"""The greeting-name check: a greeting that names someone other than the recipient."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from mail_lint.cli import main
from mail_lint.finding import Severity
from mail_lint.patterns import CATEGORY_IDS

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
    assert [r for r in rule_ids(result) if r.endswith("greeting-name")] == ["addressing.greeting-name"]


def greeting_findings(result):
    return [f for f in result.findings if f.rule_id.endswith("greeting-name")]


def test_the_greeting_check_is_its_own_category_outside_the_five(linter, pattern_set):
    [result] = linter.lint_bytes("reply.eml", message("Dana Smith <dana@example.com>", "Dear Mark,"))
    [finding] = greeting_findings(result)
    assert (finding.rule_id, finding.category) == ("addressing.greeting-name", "addressing")
    assert "addressing" not in CATEGORY_IDS
    assert "greeting-name" not in {r.name for r in pattern_set.category("apology").rules}


def test_a_name_from_the_quoted_attribution_only_is_a_weaker_signal(linter):
    to_header = linter.lint_bytes("reply.eml", message("Dana Whitfield <dana@example.com>", "Hi Sarah,"))[0]
    quoted = (b"From: Sam <s@example.org>\nTo: jobs@example.com\nSubject: Re: Interview\n\nHi Sarah,\n\n"
              b"Thanks for the interview.\n\nOn Mon, 2 Mar 2026, Dana Whitfield <dana@example.com> wrote:\n"
              b"> We chose another candidate.\n")
    [strong] = greeting_findings(to_header)
    [weak] = greeting_findings(linter.lint_bytes("reply.eml", quoted)[0])
    assert (strong.severity, strong.confidence) == (Severity.ERROR, 1.0)
    assert weak.severity == Severity.WARNING and weak.confidence < strong.confidence


def test_reports_give_the_addressing_category_its_own_colour_and_legend(tmp_path):
    draft = tmp_path / "reply.eml"
    draft.write_bytes(message("Dana Smith <dana@example.com>", "Dear Mark,"))
    out = tmp_path / "report.html"
    CliRunner().invoke(main, ["--assume-followup", "--format", "html", "-o", str(out), str(draft)])
    html = out.read_text(encoding="utf-8")
    assert '<mark class="cat-addressing" title="1">Mark<sup>1</sup></mark>' in html
    assert ".cat-addressing {" in html
    assert '<li><mark class="cat-addressing">Addressing</mark> 1' in html
