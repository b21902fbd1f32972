"""Property: however a text is wrapped - plain, quoted-printable, base64 or HTML mail - mail-lint finds
the same things in it (rule ids and evidence, whitespace aside)."""
from __future__ import annotations

import html
from email.message import EmailMessage

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SENTENCES = [
    "Thank you so much for taking the time to interview me.",
    "I was really nervous during the technical round.",
    "I am so sorry that I was late.",
    "Could you share any feedback on my answers?",
    "Please keep me in mind for future openings.",
    "I wasn\u2019t feeling well that morning.",
    "The caf\u00e9 near your office was lovely.",
    "Our team ships a release every week.",
    "My internet kept dropping during the call.",
    "Na\u00efve questions are welcome here, 3 < 4 & 5 > 2.",
    "I would really appreciate a second chance to show you my design work.",
]
SEPARATORS = [" ", "\n", "\n\n"]

texts = st.lists(
    st.tuples(st.sampled_from(SENTENCES), st.sampled_from(SEPARATORS)), min_size=1, max_size=8
).map(lambda pairs: "".join(sentence + separator for sentence, separator in pairs).strip())


def message(body: str, subtype: str = "plain", cte: str = "quoted-printable") -> bytes:
    mail = EmailMessage()
    mail["From"] = "Candidate <c@example.org>"
    mail["To"] = "Recruiter <r@example.com>"
    mail["Subject"] = "Note"
    mail.set_content(body, subtype=subtype, cte=cte)
    return bytes(mail)


def as_html(text: str) -> str:
    paragraphs = text.split("\n\n")
    return "".join("<p>" + html.escape(p).replace("\n", "<br>\n") + "</p>\n" for p in paragraphs)


def found(linter, name: str, data: bytes) -> set[tuple[str, str]]:
    [result] = linter.lint_bytes(name, data)
    assert result.error is None, result.error
    return {(f.rule_id, " ".join(f.evidence.split())) for f in result.findings}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_same_findings_however_the_text_is_wrapped(linter, text):
    plain = found(linter, "draft.txt", text.encode("utf-8"))
    assert found(linter, "qp.eml", message(text, cte="quoted-printable")) == plain
    assert found(linter, "b64.eml", message(text, cte="base64")) == plain
    assert found(linter, "page.eml", message(as_html(text), subtype="html")) == plain
    assert found(linter, "page.html", as_html(text).encode("utf-8")) == plain
