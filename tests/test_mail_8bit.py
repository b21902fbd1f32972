"""A mail client's draft has headers but often no Content-Type: its 8-bit UTF-8 body is read as UTF-8
with positions in the file (not replacement characters at "decoded" positions)."""
from __future__ import annotations

from mail_lint.sources import load_drafts

DRAFT = ("From: Mira <mira@example.org>\nTo: Jon <jon@example.com>\nSubject: Re: interview\n\n"
         "Dear Jon,\n\n\U0001F642 Über alles: I am sorry I was late for the interview.\n")


def test_an_8bit_body_without_a_charset_keeps_its_characters_and_positions(linter):
    (draft,) = load_drafts("neomutt-draft", DRAFT.encode("utf-8"))
    assert "\ufffd" not in draft.text and "\U0001F642 Über" in draft.text
    (finding,) = linter.lint_draft(draft).findings
    assert finding.rule_id == "apology.sorry" and finding.position == "exact"
    line = DRAFT.splitlines()[6]
    assert (finding.line, finding.column) == (7, line.index("sorry") + 1)


def test_a_body_that_is_not_utf8_either_is_still_read(linter):
    data = DRAFT.replace("\U0001F642 ", "").encode("latin-1")
    (draft,) = load_drafts("neomutt-draft", data)
    assert "I am sorry I was late" in draft.text
