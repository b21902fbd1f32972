"""Generate a folder of realistic drafts for bench/speed.py: plain text, .eml replies with quoted text,
and templates, about 150 words each, a few per cent of them interview follow-ups with findings."""
from __future__ import annotations

import random
from email.message import EmailMessage
from pathlib import Path

ORDINARY = [
    "Thanks for the report on the server migration, it reads well and the numbers add up.",
    "The invoice for March is attached; please let me know if the purchase order number is missing.",
    "Could we move the planning meeting to Thursday afternoon? The room on the third floor is free.",
    "I have reviewed the contract draft and added two comments about the delivery schedule.",
    "The new dashboard shows the weekly active users per region and the churn of the last quarter.",
    "Sorry for the late reply, I was travelling and only now caught up with my email.",
    "Any feedback on the slides for the board meeting would be welcome before Friday noon.",
    "The build on the main branch is green again after the dependency update this morning.",
    "We ordered new chairs for the office; they should arrive at the beginning of next month.",
    "Please remember to submit your expenses for the conference before the end of the week.",
    "The customer asked whether the export can include the archived projects as well.",
    "I will be out of the office on Monday and back on Tuesday with limited availability.",
]
FOLLOW_UP = [
    "Thank you so much for taking the time to interview me for the analyst position yesterday.",
    "I was so nervous during the case study that I could not think straight.",
    "I am sorry I arrived late to our interview; my train was delayed.",
    "Could you share any feedback on my interview so that I can improve?",
    "Please keep me in mind for future openings on the data team.",
    "I know the decision has been made, but I would really appreciate a second chance.",
]
QUOTE = ("On Mon, 2 Mar 2026 at 09:12, Dana Whitfield <dana@example.com> wrote:\n"
         "> Thanks for the update. I will look at it this week and get back to you with\n"
         "> questions about the budget and the timeline for the second phase.\n")


def paragraph(rng: random.Random, sentences: list[str], words: int) -> str:
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(rng.choice(sentences))
    return " ".join(out)


def draft_text(rng: random.Random, followup: bool) -> str:
    body = paragraph(rng, ORDINARY, 110)
    if followup:
        body = " ".join(rng.sample(FOLLOW_UP, 3)) + " " + paragraph(rng, ORDINARY, 70)
    wrapped = []
    line = ""
    for word in body.split():
        if len(line) + len(word) > 72:
            wrapped.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    wrapped.append(line)
    return "Hi Dana,\n\n" + "\n".join(wrapped) + "\n\nBest regards,\nMark\n"


def generate(folder: Path, count: int, seed: int = 7, followup_share: float = 0.04) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        followup = rng.random() < followup_share
        text = draft_text(rng, followup)
        kind = index % 3
        if kind == 0:
            path = folder / f"draft-{index:06}.txt"
            path.write_text(text, encoding="utf-8")
        elif kind == 1:
            mail = EmailMessage()
            mail["From"] = "Mark Lee <mark@example.org>"
            mail["To"] = "Dana Whitfield <dana@example.com>"
            mail["Subject"] = "Re: Interview" if followup else "Re: Budget"
            mail.set_content(text + "\n" + QUOTE, cte="quoted-printable")
            path = folder / f"message-{index:06}.eml"
            path.write_bytes(bytes(mail))
        else:
            path = folder / f"template-{index:06}.j2"
            path.write_text(text.replace("Dana", "{{ first_name }}").replace("Mark", "{{ sender }}"), encoding="utf-8")
        paths.append(path)
    return paths
