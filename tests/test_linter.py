from __future__ import annotations

from mail_lint.config import Settings
from mail_lint.draft import Draft
from mail_lint.finding import Severity
from mail_lint.linter import Linter
from mail_lint.sources import InputError

from .conftest import categories, rule_ids


def test_evidence_is_the_text_at_the_reported_span(linter):
    text = "Hello,\n\nI am so Sorry for the mix-up.\nI was really nervous.\n"
    result = linter.lint_text(text)
    assert result.findings
    for finding in result.findings:
        assert text[finding.start : finding.end] == finding.evidence
        line = text.splitlines()[finding.line - 1]
        assert line[finding.column - 1 :].startswith(finding.evidence.split("\n")[0])


def test_case_and_curly_apostrophes_do_not_matter(linter):
    for text in ("I WASN\u2019T FEELING WELL.", "i wasn't feeling well.", "I wasn`t feeling well."):
        assert "excuse.illness" in rule_ids(linter.lint_text(text)), text


def test_inflections_and_optional_words(linter):
    assert "feedback-request" in categories(linter.lint_text("I'd really appreciate any feedback."))
    assert "apology" in categories(linter.lint_text("I am so sorry."))
    assert "apology" in categories(linter.lint_text("I apologised for it."))


def test_phrase_across_a_wrapped_line(linter):
    text = "During our call I was trying my best but honestly I really wasn't\nfeeling well at all.\n"
    assert "excuse.illness" in rule_ids(linter.lint_text(text))


def test_one_finding_per_overlapping_hit_of_a_category(linter):
    result = linter.lint_text("Thank you so much for taking the time to interview me.")
    assert rule_ids(result) == ["thank-you.for-the-interview"]


def test_select_ignore_and_severity(pattern_set):
    text = "Thank you for the interview. I am sorry I was nervous. Thanks for your help on Monday."
    everything = Linter(pattern_set, Settings(assume_followup=True)).lint_text(text)
    assert {"thank-you", "apology", "excuse"} <= categories(everything)
    only = Linter(pattern_set, Settings(assume_followup=True, select=("excuse",))).lint_text(text)
    assert categories(only) == {"excuse"}
    without = Linter(pattern_set, Settings(assume_followup=True, ignore=("apology", "thank-you.for"))).lint_text(text)
    assert rule_ids(without) == ["thank-you.thanks-for-the-hearing", "excuse.nerves", "thank-you.thanks-for"]
    strict = Linter(pattern_set, Settings(assume_followup=True, min_severity=Severity.WARNING)).lint_text(text)
    assert all(f.severity >= Severity.WARNING for f in strict.findings)
    raised = Linter(pattern_set, Settings(assume_followup=True, severities={"excuse": Severity.ERROR})).lint_text(text)
    assert {f.severity for f in raised.findings if f.category == "excuse"} == {Severity.ERROR}


def test_lint_streams_results_in_input_order_with_errors_in_place(linter):
    drafts = [Draft(f"d{i}", "I am sorry." if i % 2 else "Hello.", ()) for i in range(150)]
    items = drafts[:70] + [InputError("bad.txt", "binary file")] + drafts[70:]
    results = list(linter.lint(items))
    assert [r.path for r in results] == [d.path for d in drafts[:70]] + ["bad.txt"] + [d.path for d in drafts[70:]]
    assert results[70].error == "bad.txt: binary file"
    assert [bool(r.findings) for r in results if not r.error] == [bool(i % 2) for i in range(150)]


def test_empty_draft_is_clean(linter):
    result = linter.lint_text("")
    assert result.findings == () and result.error is None


def test_ignoring_a_rule_does_not_silence_its_neighbour(pattern_set):
    """Settings apply before duplicates merge: the overlapping thanks-for hit stands in for the ignored rule."""
    text = "Thank you so much for taking the time to interview me on Monday."
    ignored = Linter(pattern_set, Settings(assume_followup=True, ignore=("thank-you.for-the-interview",)))
    assert rule_ids(ignored.lint_text(text)) == ["thank-you.thanks-for"]
    selected = Linter(pattern_set, Settings(assume_followup=True, select=("thank-you.thanks-for",)))
    assert rule_ids(selected.lint_text(text)) == ["thank-you.thanks-for"]
