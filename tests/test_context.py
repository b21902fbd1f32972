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
    # round 9: a test, a trial, a resit that are not a candidate's (a drill, a server, an exam, a study)
    "Hi team, the fire drill on Monday went fine; the alarm test is Thursday. Sorry for the noise.",
    "Our test server failed the load test again, sorry. Please retest after the patch and let me know.",
    "Dear Dr Clarke, I didn't pass the statistics exam and I'm gutted. Is there a resit in August? Sorry, I had flu"
    " that week.",
    "Halfway through the trial the sponsor pulled the funding, sorry. Thanks for your patience.",
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
# Another sense of interview, panel or trial, told by words anywhere in the draft (round 6): each names no job
OTHER_SENSES = [
    "hiya, ta for the interview over tea and for showing me round, you lot seem sound. sorry i was quiet."
    " is the room still going? would love to move in end of month",
    "Dear Dr Mensah, thank you for taking part in my interview on nurse rotas last week. Sorry the recorder cut"
    " out. I will send you the transcript of our conversation to check.",
    "Hey, thanks again for the interview for the Chronicle article on rents. Sorry I got your title wrong in"
    " the draft! Can you check it before it runs on Sunday?",
    "Dear Judges, thank you for the interview and for shortlisting my story for Young Writer of the Year. Sorry"
    " my reading overran. I'd love any notes before I enter again.",
    "hi coach, thanks for the trials sat for the under-14 squad, sorry i was late, the bus never came."
    " any tips on what to work on?",
    "Hi Marta, thanks for the customer interview on Thursday. Sorry about the audio. Your thoughts on our"
    " approvals screen were gold, could we have another look at your month-end workflow soon?",
    "Dear Admissions Tutor, thank you for the interview for the Medicine degree. I am sorry I froze on the"
    " ethics question. Is there any feedback I could use if I reapply?",
    # the interviewer to a colleague, moving an event still to come, withdrawing
    "Sam, can you send me your notes on Mr Idowu from the 2pm interview? He was clearly nervous but I think he"
    " deserves a second look. Thanks for covering the first half for me.",
    "Hi Leah, sorry to be a pain but could we move my trial shift to next Tuesday? My son is ill. Thanks!",
    "Dear Sir, thank you for inviting me to the audition. I have decided to withdraw, as I have just accepted a"
    " post with another orchestra. Sorry for any trouble.",
    # round 7: a show's, a magazine's and a house share's own words, "interview" in quotation marks
    "thx 4 listening to ep 4!! the interview w the baker ran long, sorry. any feedback b4 i edit the next one?",
    "Thanks so much for having me on Drive Time today, I enjoyed the interview. Sorry I ran over, would love to"
    " hear how it went down with your producers.",
    "Please find attached the interview with our new head gardener for the summer edition of the village"
    " newsletter. Sorry it is long, any feedback welcome.",
    "thanks for having us round to see the box room, sorry I was nervous in the 'interview', would love to move in",
    # round 7: negotiating an offer after the good news
    "Hi Jo, thrilled with the news! Before I sign, could we revisit the base pay? Sorry to push, I know the hiring"
    " manager went out on a limb for me. Thanks for the call yesterday.",
    # round 10: the sense read from what the talk was for or about; ahead of the event; the employer's aside
    "Dear Mr Quaye, thanks for the interview on Monday for my book on street trading. Sorry my phone kept"
    " stopping and that I was late; I had come straight off a night shift.",
    "hey Lola, cheers for the interview yday about the sublet!! soz i was so flustered, any thoughts on how we came"
    " across?",
    "Dear Dr Sesay, thank you for the interview on Friday regarding our adoption. I apologise that I was nervous"
    " and that my answers about our home were muddled.",
    "Dear Sir, thank you for shortlisting me for the post of Storekeeper. Apologies for the delay in replying; I"
    " will attend the interview on the 9th.",
    "Sorry for all the back and forth, Gita. See you at the interview then!",
    "Priya, could I have your verdict on the trialist from Saturday's trial shift? He burnt the first tray,"
    " but I thought his plating was lovely.",
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
    # round 7: no job word, the event and the outcome told loosely
    "hey, thx for letting me do the day at the bakery sat, shame it didnt work out. what shud i practise b4 i apply"
    " anywhere else?",
    "Jon, I've had the weekend to digest the panel's decision. If your preferred candidate does not take it up, I"
    " am ready to start at a month's notice. Please keep me in mind.",
    "I wish I could take back my answer on the rota question, it was not me at my best. Sorry, and thank you for"
    " seeing me.",
    # round 9: a selection event told only in trade words: the test, its outcome, a plea
    "Morning Sgt Hale, got the letter saying I fell below the required standard on the fitness test. I had a chest"
    " infection that week. Is there a retest date?",
    "hey mike, didnt pass the forklift practical, clipped the racking on the reverse. can u put me down for another"
    " go next week? need this job",
    "Hi Anna, I didn't do myself any favours at the cooking test yesterday, the sauce split. If you've got any more"
    " trial shifts coming up I'd jump at it.",
    # round 10: a job beside a non-hiring word (a research unit, a newspaper desk), or thanked for shortlisting
    # with the outcome told
    "Dear Dr Ferris, thank you for the interview for the survey analyst role at the research unit. I am sorry I"
    " was so nervous on the statistics question. Could you tell me what I should work on?",
    "Dear Ms Boateng, thank you for shortlisting me. I was disappointed not to get the reporter job on the news"
    " desk; please keep me in mind if another post comes up.",
    "Sorry for the late reply. I was gutted not to get the job, but thank you for the interview. Any feedback on"
    " where I went wrong?",
]


@pytest.mark.parametrize("text", ORDINARY + OTHER_HIRING + OTHER_SENSES)
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


@pytest.mark.parametrize(("other_sense", "follow_up"), [
    ("Thank you for the interview on Tuesday for your study on commuting. Sorry I was late. Any feedback?",
     "Thank you for the interview on Tuesday for the research assistant post. Sorry I was late, I was up all"
     " night finishing my thesis. Any feedback?"),
    ("thx for the interview yday, sorry i was late, wud love the room if its still going",
     "thx for the interview yday for the bar job, sorry i was late, wud love the shift if its still going"),
])
def test_another_sense_counts_against_only_where_no_job_is_named(gated_linter, other_sense, follow_up):
    """The words of another sense of interview (a study, a room) count against a draft that names no job,
    and nothing where the draft names one: the reporter's, researcher's or lodger's trade words are also a
    candidate's, when the job is theirs."""
    assert not gated_linter.lint_text(other_sense).context.followup
    decision = gated_linter.lint_text(follow_up).context
    assert decision.followup
    assert not any(item.endswith("(against)") for item in decision.evidence), decision.evidence


def test_a_cue_weighs_nothing_and_a_voided_signal_is_no_evidence(pattern_set):
    """The job cue only voids; the sense it voids is not shown as evidence."""
    from mail_lint.context import counts

    signals = {signal.name: signal for signal in pattern_set.signals}
    assert signals["job-cue"].kind == "cue"
    assert not counts(signals["job-cue"], {"job-cue"})
    assert counts(signals["research-sense"], {"research-sense", "interview"})
    assert not counts(signals["research-sense"], {"research-sense", "job-cue"})
    assert counts(signals["other-interview"], {"other-interview", "job-cue"})  # no unless: always counts

