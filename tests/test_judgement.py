"""Sentence-level judgement: negated, hypothetical and quoted mentions do not count."""
from __future__ import annotations

import pytest

from .conftest import categories, rule_ids


@pytest.mark.parametrize(
    "text",
    [
        "I'm not asking you to reconsider the interview.",
        "I won't ask for a second chance.",
        "I never want to make excuses, and I was not sick.",
        "There is no need to apologize.",
        "If I had been nervous, I would have told you.",
        'My coach says never to write "sorry to bother you" after an interview.',
        "I was sorry to hear that the office is moving.",
    ],
)
def test_mentions_that_do_not_do_the_thing(linter, text):
    assert linter.lint_text(text).findings == (), rule_ids(linter.lint_text(text))


def test_negation_stops_at_a_clause_break(linter):
    result = linter.lint_text("I won't make excuses, but I was sick that morning.")
    assert rule_ids(result) == ["excuse.illness"]


@pytest.mark.parametrize("text", ["It wasn't fair on the panel and I regret it.",
                                  "I didn't prepare and I am sorry for that."])
def test_negation_does_not_reach_a_coordinated_clause_with_its_own_subject(linter, text):
    assert "apology" in categories(linter.lint_text("Thanks for the interview on Friday. " + text))


def test_an_elliptical_negation_is_a_clause_of_its_own(linter):
    text = "not sure if you already chose someone but if not would you let me do another shift?"
    assert "second-chance.another-chance" in rule_ids(linter.lint_text(text))


def test_cannot_thank_enough_is_thanks_not_negation(linter):
    assert "thank-you" in categories(linter.lint_text("I cannot thank you enough for the interview."))
    assert "apology" in categories(linter.lint_text("I can't apologize enough for being late."))


def test_polite_if_request_is_not_hypothetical(linter):
    result = linter.lint_text("I would appreciate it if you could reconsider my application.")
    assert "second-chance.reconsider" in rule_ids(result)


def test_if_you_were_willing_is_a_polite_request(linter):
    result = linter.lint_text("If you were willing to tell me which of my answers fell short, I'd put it to use.")
    assert "feedback-request" in categories(result)


@pytest.mark.parametrize("text", [
    "I was wondering if there is any chance the panel would meet me for a second interview.",
    "I was just wondering whether there is any chance the panel would meet me for another interview.",
    "I am writing to ask whether there is any possibility of a second interview.",
])
def test_indirect_question_is_a_request_not_a_hypothetical(linter, text):
    assert "second-chance" in categories(linter.lint_text(text))


def test_a_real_condition_still_cancels(linter):
    assert linter.lint_text("If there were a second interview, I would prepare better.").findings == ()


def test_not_after_blocks_requests_posing_as_thanks(linter):
    assert "thank-you" not in categories(linter.lint_text("I would appreciate your feedback on my answers."))
    assert "feedback-request" in categories(linter.lint_text("I would appreciate your feedback on my answers."))


@pytest.mark.parametrize("statement", ["I know where I went wrong in the interview.",
                                       "I can see what I need to improve before the next one."])
def test_not_after_words_in_order_tell_a_statement_from_a_request(linter, statement):
    assert "feedback-request" not in categories(linter.lint_text(statement))
    request = statement.replace("I know", "Please let me know").replace("I can see", "Could you tell me")
    assert "feedback-request" in categories(linter.lint_text(request))


def test_bare_sign_off_is_not_a_thank_you_note(linter):
    assert linter.lint_text("See you at the interview.\n\nThanks,\nAlex\n").findings == ()
    assert linter.lint_text("Many thanks,\nAlex").findings == ()


def test_thanks_for_the_interview_fires_wherever_it_stands(linter):
    text = "Hi Ana,\n\nQuick note.\n\nThanks for the interview,\nAlex\n"
    assert "thank-you" in categories(linter.lint_text(text))


@pytest.mark.parametrize("text", [
    "The morning candidate apologised twice for being so nervous.",
    "She was exhausted after the night shift, the agency told me.",
    "He said he was sorry about the late start.",
    "They were very grateful for the tour of the kitchens.",
    "One applicant blamed the traffic and was clearly flustered.",
])
def test_apology_excuse_or_thanks_said_of_someone_else_is_a_report(linter, text):
    found = categories(linter.lint_text(text))
    assert not found & {"apology", "excuse", "thank-you"}, found


@pytest.mark.parametrize("text, category", [
    ("I apologised to the panel for being late.", "apology"),
    ("We apologise for the confusion over the start time.", "apology"),
    ("She asked a hard question and I was so nervous I froze.", "excuse"),
    ("The panel made me so nervous that I rushed.", "excuse"),
    ("They were lovely, and I am grateful for the chance to interview.", "thank-you"),
    ("He kept me up all night, my baby, so I was exhausted.", "excuse"),
])
def test_the_senders_own_apology_excuse_or_thanks_still_counts(linter, text, category):
    assert category in categories(linter.lint_text(text))


@pytest.mark.parametrize("text", [
    "In case my connection is bad on the day, here is my mobile number.",
    "I will bring a printed copy just in case the wifi is down.",
])
def test_in_case_is_a_precaution_not_an_event(linter, text):
    assert "excuse" not in categories(linter.lint_text(text))


def test_in_case_study_and_in_any_case_are_not_conditions(linter):
    assert "excuse" in categories(linter.lint_text("In the case study my laptop crashed twice."))
    assert "excuse" in categories(linter.lint_text("In any case my laptop crashed twice during the test."))


@pytest.mark.parametrize("text", [
    "I thought she was nervous at the start but her whiteboard work was the best we saw.",
    "We felt he seemed exhausted by the last round, so go easy on the scores.",
    "Honestly i reckon they were a bit flustered by the fire alarm.",
])
def test_a_third_person_state_inside_the_hit_is_theirs_whoever_thinks_it(linter, text):
    assert "excuse" not in categories(linter.lint_text(text))


@pytest.mark.parametrize("text", [
    "I thought I was nervous, but the panel said it did not show.",
    "They made me so nervous that I rushed the last answer.",
])
def test_a_first_person_state_inside_the_hit_is_still_the_senders(linter, text):
    assert "excuse" in categories(linter.lint_text(text))


@pytest.mark.parametrize("text", [
    "I'd like to get her back for a second interview before someone else snaps her up.",
    "Can we bring him in for another round next week?",
    "We should give the candidate another chance at the case study.",
])
def test_a_second_chance_offered_to_someone_else_is_not_a_plea(linter, text):
    assert "second-chance" not in categories(linter.lint_text(text))


@pytest.mark.parametrize("text", [
    "Could you ask her for another chance for me?",
    "I asked him if I could have another go at the case study.",
    "Could you give me another chance at the case study?",
])
def test_a_second_chance_asked_of_him_or_her_is_still_a_plea(linter, text):
    assert "second-chance" in categories(linter.lint_text(text))


@pytest.mark.parametrize("text", [
    "If the interview panel could see me once more, I'd bring a proper plan.",
    "If any door is still open for the analyst post, I would walk through it.",
])
def test_a_polite_modal_or_still_past_a_long_subject_is_a_request(linter, text):
    assert "second-chance" in categories(linter.lint_text(text))


@pytest.mark.parametrize("text", [
    "If I had another chance I would prepare more.",
    "If the interview had gone better, I would not be asking for a second chance.",
])
def test_a_modal_of_the_main_clause_leaves_the_condition_a_condition(linter, text):
    assert "second-chance" not in categories(linter.lint_text(text))
