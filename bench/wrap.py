"""Wrap a labelled draft the ways it reaches mail-lint in real use, for bench/accuracy.py.

    plain   the text itself, as a .txt file
    eml     a reply (.eml, quoted-printable) with the message it answers quoted underneath: for a
            follow-up, the employer's rejection; for other hiring mail, a recruiter's note; for
            ordinary mail, an ordinary message - the quote a draft of that kind would carry
    html    an HTML-only email (paragraphs and line breaks as a mail client writes them)
    jinja   a Jinja template: the greeting name, the signature and the draft's own placeholders
            become {{ variables }}, the body sits in a {% block %}
"""
from __future__ import annotations

import html
import re
from email.message import EmailMessage

QUOTES = {
    "followup": (
        "Dear candidate,\n\nThank you for interviewing for the position. After careful consideration we have\n"
        "decided to move forward with other candidates.\n\nKind regards,\nThe hiring team"
    ),
    "interview-other": (
        "Hi,\n\nThanks for your interest in the role. Could you confirm your availability for next week?\n\n"
        "Best,\nThe hiring team"
    ),
    "other": "Hi,\n\nJust checking in on this. Let me know what you think.\n\nCheers,\nDana",
}
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,60}\]|\{[A-Za-z_][\w ]{0,40}\}|%[A-Z_]+%|_{3,}")
_GREETING = re.compile(r"^((?:Dear|Hi|Hello|Hey)\s+)([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)(,)", re.MULTILINE)

VARIANTS = ("plain", "eml", "html", "jinja")


def wrap(document: dict, variant: str) -> tuple[str, bytes]:
    """(file name, bytes) of the document in this variant."""
    text = document["text"]
    name = re.sub(r"[^\w.-]", "_", document["id"])
    if variant == "plain":
        return f"{name}.txt", text.encode("utf-8")
    if variant == "eml":
        quoted = "\n".join("> " + line if line else ">" for line in QUOTES[document["context"]].splitlines())
        body = f"{text}\n\nOn Mon, 2 Mar 2026 at 09:12, <hiring@example.com> wrote:\n{quoted}\n"
        return f"{name}.eml", _message(body, "plain", subject="Re: Your message")
    if variant == "html":
        return f"{name}.eml", _message(_html(text), "html", subject="A note")
    if variant == "jinja":
        return f"{name}.j2", _jinja(text).encode("utf-8")
    raise ValueError(variant)


def _message(body: str, subtype: str, subject: str) -> bytes:
    mail = EmailMessage()
    mail["From"] = "Candidate <candidate@example.org>"
    mail["To"] = "hiring@example.com"  # no name: the greeting check has nothing to compare
    mail["Subject"] = subject
    mail.set_content(body, subtype=subtype, cte="quoted-printable")
    return bytes(mail)


def _html(text: str) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    inner = "".join("<p>" + html.escape(p).replace("\n", "<br>\n") + "</p>\n" for p in paragraphs)
    return f"<html><head><style>p {{ margin: 0 }}</style></head><body>\n{inner}</body></html>\n"


def _jinja(text: str) -> str:
    counter = iter(range(1, 1000))
    text = _PLACEHOLDER.sub(lambda m: f"{{{{ field_{next(counter)} }}}}", text)
    text = _GREETING.sub(lambda m: m.group(1) + "{{ recipient.first_name }}" + m.group(3), text, count=1)
    return "{# generated for the accuracy benchmark #}\n{% block body %}\n" + text + "\n{% endblock %}\n"
