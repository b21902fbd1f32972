"""The context gate: quiet on ordinary mail and other hiring mail, on for interview follow-ups."""
from __future__ import annotations

import pytest

from mail_lint.config import Settings
from mail_lint.linter import Linter

ORDINARY = [
    "Thanks for the report, it reads well.",
    "Sorry for the late invoice, it is attached now.",
    "Hi team, any feedback on the slides? I am sorry they are late. Thanks for your patience!",
    "Sorry to bother you, but could you reconsider the budget for the offsite? Thanks for your time.",
    "I was sick yesterday and missed the meeting. Could we reschedule our call?",
    # one's own answers after a meeting, at work: only weak signals
    "Hi Tom, thanks for the call this morning. I misread your question about the Q3 numbers, sorry. The real"
    " figure is 2.1m.",
    "Hi Mo, thanks for the chat on Monday about the project. I'd love to be considered for the lead. Sorry I was late.",
]
OTHER_HIRING = [
    # accepting an offer
    "Dear Ms. Lee,\nI am delighted to accept the offer for the analyst position. Thank you for the opportunity."
    " I confirm my start date of 3 March.\nBest,\nKim",
    # confirming an interview
    "Hi Ben,\nThank you for the interview invitation. I can confirm I will attend the interview on Tuesday at 10."
    "\nRegards,\nAl",
    # withdrawing
    "Dear Hiring Team,\nI would like to withdraw my application for the designer role. Thank you for your time and"
    " consideration.\nSincerely,\nJo",
    # the employer's own rejection
    "Dear Sam,\nThank you for taking the time to interview with us. We regret to inform you that we have decided to"
    " move forward with other candidates. We wish you the best.\nHR Team",
    # a recruiter passing on the news in the first person
    "Hi Jo,\nThanks for your time on Monday. I heard back from the client and they went with someone else for the"
    " analyst role. They were impressed with your answers though. Sorry it's not better news, I'll keep you in mind."
    "\nSam",
    # confirming a call still to come, with a worry about the connection
    "hey ben confirming tmrw 2pm video call for the support role. my wifi is flaky so i might use my phone. thx",
    # a journalist thanking an interviewee
    "Dear Ms Ode,\nThanks for the interview yesterday, it gave the piece on bus routes a lot. Sorry I kept you so"
    " long. Please check the quotes below before we go to print.\nRuth",
]
FOLLOWUPS = [
    "Dear Ms. Park,\nThank you for taking the time to interview me for the data engineer position"
    " yesterday.\nBest,\nLi",
    "Hi Tom,\nThanks for letting me know about the hiring decision. Please keep me in mind for future roles.\nAna",
    "Hello,\nI am sorry I missed the interview on Monday; my car broke down. Could we reschedule the interview?",
    "Dear Mr. Cole,\nI was disappointed to learn that I was not selected for the role. Could you share any feedback"
    " on my interview?\nRegards,\nEd",
    # no hiring word at all: a call in the past and talk about one's own performance
    "hi sam thx for the call earlier, sry i lost my train of thought a few times. what shud i work on b4 the next one",
    # a first interview told in the past is not one being scheduled
    "Dear Mr Ruiz,\nThank you for your time on the phone yesterday. It was my first interview in English so I was"
    " nervous. What must I improve for next interview?\nPia",
    # one line, after the news
    "Understood, thanks. Please keep me in mind for future openings in the warehouse.",
    # no job and no event named: one's own answers, and the decision told
    "Hi Dan, I regret how I handled your question about the budget. I know the decision has been made, but I'm"
    " sorry I was so defensive.",
]


@pytest.mark.parametrize("text", ORDINARY + OTHER_HIRING)
def test_quiet_on_mail_that_is_not_an_interview_follow_up(gated_linter, text):
    result = gated_linter.lint_text(text)
    assert not result.context.followup, result.context
    assert result.findings == ()


@pytest.mark.parametrize("text", FOLLOWUPS)
def test_follow_ups_pass_the_gate_with_evidence(gated_linter, text):
    result = gated_linter.lint_text(text)
    assert result.context.followup
    assert result.context.evidence
    assert 0.5 <= result.context.score <= 1.0
    assert result.findings


def test_weak_signals_alone_are_never_enough(gated_linter):
    """Talk of one's own answers with a meeting told is business mail as often as a follow-up; the same
    talk beside an outcome ("not successful") is a follow-up."""
    meeting = "Thanks for the call earlier. Sorry I blanked on the question about pricing, I was tired."
    outcome = "I heard I was not successful. Sorry I blanked on the question about pricing, I was tired."
    assert not gated_linter.lint_text(meeting).context.followup
    decision = gated_linter.lint_text(outcome).context
    assert decision.followup
    assert "I blanked on the question" in decision.evidence


def test_assume_followup_turns_the_gate_off(pattern_set):
    text = ORDINARY[1]
    result = Linter(pattern_set, Settings(assume_followup=True)).lint_text(text)
    assert result.context.assumed and result.context.followup
    assert [f.rule_id for f in result.findings] == ["apology.sorry"]


def test_a_quoted_rejection_makes_a_reply_a_follow_up(gated_linter):
    bare = "Hi Dana,\nThat is a shame. Could you share any feedback?\nBest,\nMark\n"
    quoted = bare + (
        "\nOn Mon, 2 Mar 2026 at 09:12, Dana Whitfield <dana@example.com> wrote:\n"
        "> Thank you for interviewing for the product manager position. We have decided\n"
        "> to move forward with other candidates.\n"
    )
    assert not gated_linter.lint_text(bare).context.followup
    result = gated_linter.lint_text(quoted)
    assert result.context.followup
    assert any(item.startswith("quoted: ") for item in result.context.evidence)
    assert [f.category for f in result.findings] == ["feedback-request"]
    assert all(f.line <= 4 for f in result.findings), "quoted text is context, never a target"
