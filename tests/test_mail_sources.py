"""Real email as mail clients send it: MIME, encodings, quotes, mbox, patches, HTML, templates.

Each fixture was written for these tests in the shape its client produces. Positions are checked to
the column in the file as given; quoted text must never produce a finding.
"""
from __future__ import annotations

import pytest

from mail_lint.sources import load_drafts

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def lint(linter, name):
    path = FIXTURES / name
    return linter.lint_bytes(str(path), path.read_bytes())


def places(result):
    return [(f.rule_id, f.line, f.column) for f in result.findings]


def line_of(name, number):
    return (FIXTURES / name).read_bytes().splitlines()[number - 1]


def test_neomutt_reply_lints_own_words_and_uses_the_quoted_rejection(gated_linter):
    [result] = lint(gated_linter, "mail/neomutt.eml")
    assert result.context.followup
    assert any(e.startswith("quoted: ") for e in result.context.evidence)
    assert places(result) == [("apology.sorry", 16, 5), ("feedback-request.what-went-wrong", 16, 64)]
    assert all(f.line < 21 for f in result.findings), "quoted lines and the signature are context"
    assert result.message_id == "<20260303091402.GA1234@example.org>"


def test_reply_subject_is_context_but_own_subject_is_linted(linter):
    [reply] = lint(linter, "mail/neomutt.eml")
    assert all(f.line != 4 for f in reply.findings)  # "Re: Your application ..." is the other side's
    [own] = lint(linter, "mail/thunderbird-qp.eml")
    subject = own.findings[0]
    assert (subject.rule_id, subject.evidence, subject.position) == (
        "thank-you.for-the-interview", "Thank you for the interview", "decoded")


def test_quoted_printable_soft_breaks_and_positions(linter):
    [result] = lint(linter, "mail/thunderbird-qp.eml")
    by_rule = {f.rule_id: f for f in result.findings}
    sorry = by_rule["apology.sorry"]
    assert sorry.evidence == "sorry about that"  # written "sor=\r\nry" in the file
    assert (sorry.line, sorry.column, sorry.end_line) == (14, 16, 15)
    assert line_of("mail/thunderbird-qp.eml", 14)[15:].startswith(b"sor=")
    nerves = by_rule["excuse.nerves"]
    assert line_of("mail/thunderbird-qp.eml", nerves.line)[nerves.column - 1:].startswith(b"I was so nervous")
    assert "second-chance.reconsider" in by_rule  # after the =C3=A9 escape, columns still line up
    reconsider = by_rule["second-chance.reconsider"]
    assert line_of("mail/thunderbird-qp.eml", reconsider.line)[reconsider.column - 1:].startswith(b"reconsider")
    assert all(f.position == "exact" for f in result.findings[1:])


def test_outlook_windows_1252_and_original_message_block(linter):
    [result] = lint(linter, "mail/outlook-1252.eml")
    assert places(result) == [
        ("addressing.greeting-name", 11, 6),
        ("apology.sorry", 13, 3),
        ("excuse.illness", 13, 32),
    ]
    greeting = result.findings[0]
    assert greeting.severity.label == "error" and "Dana Whitfield" in greeting.message
    assert all(f.line < 18 for f in result.findings), "the -----Original Message----- block is context"


def test_gmail_html_quote_is_context_and_positions_point_into_the_html(linter):
    [result] = lint(linter, "mail/gmail-html.eml")
    assert [f.rule_id for f in result.findings] == ["thank-you.for-the-reply", "feedback-request.ask-feedback"]
    feedback = result.findings[1]
    assert line_of("mail/gmail-html.eml", feedback.line)[feedback.column - 1:].startswith(b"Any feedback")
    assert all(f.line < 17 for f in result.findings)


def test_base64_body_positions_are_in_the_decoded_body(linter):
    [result] = lint(linter, "mail/base64.eml")
    assert [(f.rule_id, f.line, f.column, f.position) for f in result.findings] == [
        ("thank-you.for-the-interview", 3, 1, "decoded"),
        ("excuse.nerves", 4, 1, "decoded"),
    ]


def test_mbox_messages_are_linted_and_named_separately(gated_linter):
    results = lint(gated_linter, "mail/three.mbox")
    assert [r.path.rsplit("/", 1)[1] for r in results] == ["three.mbox[1]", "three.mbox[2]", "three.mbox[3]"]
    assert [r.message_id for r in results] == ["<one@example.org>", "<two@example.org>", "<three@example.org>"]
    assert places(results[0]) == [("thank-you.for-the-interview", 9, 1)]
    assert results[1].findings == () and not results[1].context.followup  # the invoice
    assert places(results[2]) == [("second-chance.reconsider", 25, 41)]


def test_format_patch_lints_the_message_never_the_diff(linter):
    [result] = lint(linter, "mail/fix-thanks.patch")
    assert places(result) == [("apology.sorry", 6, 39)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("templates/followup.j2", [("thank-you.for-the-interview", 4, 1), ("excuse.nerves", 5, 17),
                                   ("feedback-request.ask-feedback", 9, 1)]),
        ("templates/followup.mustache", [("thank-you.for-the-interview", 3, 15),
                                         ("second-chance.another-chance", 5, 16)]),
        ("templates/placeholders.txt", [("apology.sorry", 4, 3), ("excuse.circumstances", 4, 40),
                                        ("second-chance.keep-in-mind", 5, 8)]),
    ],
)
def test_templates_placeholders_are_neutral_and_suppressions_apply(linter, name, expected):
    [result] = lint(linter, name)
    assert places(result) == expected
    source = (FIXTURES / name).read_text().splitlines()
    for finding in result.findings:
        assert "Q" * 3 not in finding.evidence, "evidence shows the placeholder as written"
        assert source[finding.line - 1][finding.column - 1:].startswith(finding.evidence.splitlines()[0])


def test_template_suppression_comments(linter):
    [result] = lint(linter, "templates/followup.j2")
    rules = [f.rule_id for f in result.findings]
    assert "apology.sorry-to-bother" not in rules  # disable= for the whole file
    assert "second-chance.reconsider" not in rules  # disable-next-line=
    text = (FIXTURES / "templates/followup.j2").read_text()
    without = text.replace("{# mail-lint: disable-next-line=second-chance #}", "")
    [unsuppressed] = linter.lint_bytes("x.j2", without.encode())
    assert "second-chance.reconsider" in [f.rule_id for f in unsuppressed.findings]


def test_html_file_drops_scripts_and_styles_and_quotes(linter):
    [result] = lint(linter, "templates/report.html")
    assert places(result) == [("thank-you.for-the-interview", 6, 4)]
    assert result.findings[0].evidence == "Thank you for the    interview & your time"  # as rendered


def test_greeting_name_uses_the_quoted_attribution_too(linter):
    message = (b"From: Mark <m@example.org>\nTo: hr@example.com\nSubject: Re: Interview\n\nHi Sarah,\n\n"
               b"Thanks for the interview.\n\nOn Mon, 2 Mar 2026, Dana Whitfield <dana@example.com> wrote:\n"
               b"> We chose another candidate.\n")
    [result] = linter.lint_bytes("reply.eml", message)
    assert "addressing.greeting-name" in [f.rule_id for f in result.findings]
    right = message.replace(b"Hi Sarah,", b"Hi Dana,")
    [ok] = linter.lint_bytes("reply.eml", right)
    assert "addressing.greeting-name" not in [f.rule_id for f in ok.findings]


def test_headers_on_stdin_are_detected_without_an_extension(linter):
    data = (FIXTURES / "mail/neomutt.eml").read_bytes()
    [draft] = load_drafts("<stdin>", data)
    assert draft.text.startswith("Re: Your application")  # parsed as a message, not as plain text


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"From: a@x\nTo: b@y\nSubject: s\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n"
         b"--B\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n--B--\n",
         "no text part to lint (only application/pdf)"),
        (b"From: a@x\nTo: b@y\nSubject: s\nMIME-Version: 1.0\nContent-Type: message/rfc822\n\n"
         b"From: c@z\nSubject: inner\n\nHello\n", "no text part to lint"),
        (b"From: a@x\nTo: b@y\nSubject: s\n\n\x00\x01\x02binary", "binary file"),
    ],
)
def test_messages_that_cannot_be_linted_are_one_line_errors(linter, data, problem):
    [result] = linter.lint_bytes("bad.eml", data)
    assert result.error is not None and problem in result.error
    assert "\n" not in result.error


def test_truncated_multipart_and_unknown_charset_are_still_linted(linter):
    truncated = (b"From: a@x\nTo: b@y\nSubject: s\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=B"
                 b"\n\n--B\nContent-Type: text/plain\n\nI am so sorry I was late.\n")
    [result] = linter.lint_bytes("cut.eml", truncated)
    assert result.error is None and "apology.sorry" in [f.rule_id for f in result.findings]
    odd = b"From: a@x\nTo: b@y\nSubject: s\nContent-Type: text/plain; charset=x-no-such-charset\n\nI am so sorry.\n"
    [result] = linter.lint_bytes("odd.eml", odd)
    assert result.error is None and result.warnings == ("unknown charset 'x-no-such-charset'; read as UTF-8",)
    assert "apology.sorry" in [f.rule_id for f in result.findings]


def test_pathological_header_does_not_hang(linter):
    data = b"Subject: " + b"x" * 200_000 + b"\nFrom: a@x\nTo: b@y\n\nI am so sorry.\n"
    [result] = linter.lint_bytes("long.eml", data)
    assert result.error is None


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "mail").glob("*.eml")))
def test_headers_read_exactly_as_policy_default_reads_them(name):
    """mime.py parses each header once and shares identical ones; what it reads must not change."""
    import email
    from email import policy

    from mail_lint.sources.mime import _POLICY

    data = (FIXTURES / "mail" / name).read_bytes()
    ours, stdlib = email.message_from_bytes(data, policy=_POLICY), email.message_from_bytes(data, policy=policy.default)
    for part, reference in zip(ours.walk(), stdlib.walk(), strict=True):
        for header in reference.keys():
            assert str(part[header]) == str(reference[header]), header
            assert type(part[header]).__name__ == type(reference[header]).__name__, header
        assert part.get_content_type() == reference.get_content_type()
        assert part.get_content_charset() == reference.get_content_charset()
    again = email.message_from_bytes(data, policy=_POLICY)
    assert again["content-type"] is ours["content-type"], "a header seen before is not parsed again"


def test_huge_headers_are_parsed_but_never_kept():
    import email
    import uuid

    from mail_lint.sources.mime import _POLICY, _parsed_header

    subject, to = "Interview " * 1000, f"{uuid.uuid4().hex}@example.org"  # a To: no other test has read
    message = email.message_from_bytes(f"Subject: {subject}\nTo: {to}\n\nHi\n".encode(), policy=_POLICY)
    kept = _parsed_header.cache_info().currsize
    assert str(message["subject"]).split() == subject.split()
    assert str(message["to"]) == to
    assert _parsed_header.cache_info().currsize == kept + 1, "the short To: is kept, the huge Subject is not"


def _with_header(data: bytes, header: bytes) -> bytes:
    return header + b"\n" + data


@pytest.mark.parametrize("header", [b"X-Mail-Lint: skip", b"x-mail-lint:   SKIP  ", b"X-Mail-Lint:\n skip"])
def test_skip_header_silences_the_message_as_the_hook_and_the_editor_read_it(linter, header):
    data = (FIXTURES / "mail/neomutt.eml").read_bytes()
    [plain] = linter.lint_bytes("reply.eml", data)
    assert plain.findings, "the fixture has findings without the header"
    [skipped] = linter.lint_bytes("reply.eml", _with_header(data, header))
    assert skipped.findings == () and skipped.error is None


@pytest.mark.parametrize("header", [b"X-Mail-Lint: no", b"X-Mail-Lint: skip-later", b"X-Other: skip"])
def test_other_header_values_do_not_silence(linter, header):
    data = (FIXTURES / "mail/neomutt.eml").read_bytes()
    [result] = linter.lint_bytes("reply.eml", _with_header(data, header))
    assert result.findings


def test_skip_header_silences_only_its_own_message_of_an_mbox(gated_linter):
    data = (FIXTURES / "mail/three.mbox").read_bytes()
    first_headers = data.index(b"\n") + 1  # after the first From_ line
    marked = data[:first_headers] + b"X-Mail-Lint: skip\n" + data[first_headers:]
    results = gated_linter.lint_bytes("three.mbox", marked)
    assert results[0].findings == ()
    assert places(results[2]) == [("second-chance.reconsider", 26, 41)]  # one line lower: the added header
