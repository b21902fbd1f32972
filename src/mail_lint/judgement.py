"""Sentence-level judgement of a raw hit: is it really said, or negated, hypothetical or quoted? And
the de-duplication of the hits that are.

"I'm not asking you to reconsider" and "I won't make excuses" mention a category without doing it.
The checks look only inside the hit's clause (from the last clause break before it), so that
"I won't make excuses, but I was ill" still reports the illness.
"""
from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

from .patterns import Rule

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .matchers.rules import Hit

NEGATIONS = frozenset({"not", "never", "no", "nor", "neither", "without", "hardly"})
CONDITIONALS = frozenset({"if", "unless", "whether"})
CLAUSE_BREAK_WORDS = frozenset({"but", "although", "though", "however", "yet", "while", "whereas", "because"})
CLAUSE_BREAK_PUNCT = frozenset({",", ";", ":", "(", ")", "\u2013", "\u2014", "--"})
QUOTES = frozenset({'"', "\u201c", "\u201d", "\u201e"})
# Words that may stand between a "not-after" word and the hit: "I would really, truly appreciate".
_FILLERS = frozenset({"really", "truly", "so", "very", "greatly", "also", "just", "genuinely", "sincerely",
                      "deeply", "still", "much", "definitely", "certainly", "be", "most", "more", "all"})
_NEGATION_WINDOW = 6
# What may follow an elliptical "if not": the clause's end, or a request starting a clause of its own.
_AFTER_ELLIPTICAL = frozenset({",", "?", ";", ":", ".", "!", "-", "would", "could", "can", "may", "might", "will",
                               "please", "kindly", "pls", "i", "you", "u"})
_COORDINATORS = frozenset({"and", "so"})
_SUBJECTS = frozenset({"i", "we", "he", "she", "they"})
MAX_LOOK_BACK = 60  # tokens (spaces count) of the clause before a hit that are read to judge it
# "if you could ..." is a polite request, not a hypothetical.
_POLITE_AFTER_IF = frozenset({"could", "would", "can", "might", "will", "kindly", "please", "have", "are", "possible",
                              "there",  # "if there is any advice you can give"
                              "willing"})  # "if you were willing to tell me where I fell short"
# Further on, past a longer subject, only a modal or "still" makes it a request: "if the hiring manager could
# see me once more", "if any door is still open for the post" (not "if the interview had gone better").
_POLITE_FURTHER_AFTER_IF = frozenset({"could", "would", "might", "will", "kindly", "please", "willing", "still"})
_POLITE_REACH = 3  # words after "if" that may be any polite word
_POLITE_FURTHER_REACH = 6  # words after "if" that may be a modal or "still"
# Nor is an indirect question: "I was wondering if there is any chance ...", "I'm writing to ask whether ...".
_ASKING_BEFORE_IF = frozenset({"wonder", "wondering", "wondered", "ask", "asking", "check", "checking", "enquire",
                               "enquiring", "inquire", "inquiring"})
# Categories that are the sender's own act or state: an apology, an excuse, thanks. Said of someone else
# ("the candidate apologised for being nervous", "she was exhausted", "they were grateful") they are a
# report, not the sender's own (a hiring manager's note, a reference), and do not count.
OWN_VOICE_CATEGORIES = frozenset({"apology", "excuse", "thank-you"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
_SECOND_PERSON = frozenset({"you", "your", "yourself", "yourselves"})
# The person being judged, named as a noun (a hiring manager's note, a reference).
_CANDIDATE_NOUNS = frozenset({"candidate", "candidates", "applicant", "applicants", "interviewee", "interviewees"})
# Whose act or state a hit reports, when the nearest person before it in its clause is one of these.
THIRD_PERSON = frozenset({"he", "she", "they", "him", "her", "them"}) | _CANDIDATE_NOUNS
# Inside a hit, a third person as the subject of a state ("I thought she was nervous", "I felt he seemed
# tired") makes the state theirs, whoever thinks it.
_THIRD_SUBJECTS = frozenset({"he", "she", "they"}) | _CANDIDATE_NOUNS
_STATE_VERBS = frozenset({"is", "was", "were", "are", "been", "seemed", "seems", "looked", "looks", "appeared",
                          "appears", "sounded", "sounds", "got", "gets", "felt", "feels", "became"})
# A second chance offered to someone else: "get her back for a second interview", "give him another shot",
# "invite the candidate in for another round". Only an object pronoun or the candidate, followed by where
# or what they are brought to: "ask her for another chance" asks her (the interviewer), "her decision" is hers.
_OFFERED_TO = frozenset({"him", "her"}) | _CANDIDATE_NOUNS
_OFFER_AFTER = frozenset({"back", "in", "for", "through", "forward", "on", "another", "a", "second", "one", "again"})
_ASKED_BEFORE = frozenset({"ask", "asked", "asking", "tell", "told", "beg", "begged", "persuade", "convince",
                           "request", "requested", "remind", "email", "emailed", "message", "contact", "with",
                           "from", "to", "by"})


def verdict(doc: Doc, hit: Hit, rule: Rule) -> str | None:
    """Why a raw hit does not count, or None when it does: a typo match the rule does not allow, or under
    its threshold; or a hit its sentence negates, makes hypothetical or quotes (``judge``)."""
    if hit.matcher == "fuzzy":
        if rule.fuzzy_threshold is None:
            return "typo match, but the rule matches exact words only"
        if hit.similarity < rule.fuzzy_threshold:
            return f"typo match {hit.similarity:.0f} under the rule's threshold {rule.fuzzy_threshold}"
    return judge(doc, hit.start, hit.end, rule)


def deduplicated(doc: Doc, hits: Iterable[Hit]) -> list[Hit]:
    """One hit per category and place, and one per rule and sentence: the first of each, in the given
    order (longest first), sorted by position. The accepted hits are indexed, so that each hit is
    checked in the time of its own length."""
    accepted: list[Hit] = []
    covered: dict[str, set[int]] = {}  # category -> token indexes its accepted hits cover
    sentences: set[tuple[str, int]] = set()  # (rule id, sentence start)
    for hit in hits:
        category = hit.rule_id.split(".", 1)[0]
        tokens = covered.setdefault(category, set())
        sentence = (hit.rule_id, sentence_of(doc, hit.start)[0])
        if sentence in sentences or any(i in tokens for i in range(hit.start, hit.end)):
            continue
        accepted.append(hit)
        tokens.update(range(hit.start, hit.end))
        sentences.add(sentence)
    return sorted(accepted, key=lambda h: (h.start, h.rule_id))


def judge(doc: Doc, start: int, end: int, rule: Rule) -> str | None:
    """Why the hit doc[start:end] does not count, or None when it does. Only the last MAX_LOOK_BACK
    tokens of the clause are read: what comes before them no longer governs the hit, and reading a
    whole clause per hit would cost a long sentence's length for each of its hits."""
    clause_start = max(clause_start_of(doc, start), start - MAX_LOOK_BACK)
    before = [t for t in doc[clause_start:start] if not t.is_space]
    if rule.negatable:
        negation = _negation(doc, before, start, end)
        if negation:
            return f"negated by {negation!r}"
    if rule.conditional:
        condition = _hypothetical(doc, before, start, end)
        if condition:
            return f"hypothetical after {condition!r}"
    if rule.not_after:
        blocker = _blocked_by(before, rule.not_after)
        if blocker:
            return f"after {blocker!r}"
    if rule.not_before:
        follower = _followed_by(doc, end, rule.not_before)
        if follower:
            return f"before {follower!r}"
    if _inside_quotation(doc, start, end):
        return "inside quotation marks"
    if rule.category in OWN_VOICE_CATEGORIES:
        someone = _someone_else(doc, before, start, end) or _state_of_someone_else(doc, start, end)
        if someone:
            return f"said of someone else ({someone!r})"
    if rule.category == "second-chance":
        someone = _offered_to_someone_else(doc, before, start, end)
        if someone:
            return f"offered to someone else ({someone!r})"
    return None


def clause_start_of(doc: Doc, index: int) -> int:
    """The token index where the clause holding doc[index] begins (bounded by its sentence)."""
    return _bounds(doc).clause_start[index]


def sentence_of(doc: Doc, index: int) -> tuple[int, int]:
    """(first token, token after the last) of the sentence holding doc[index]."""
    bounds = _bounds(doc)
    return bounds.sentence_start[index], bounds.sentence_end[index]


def _bounds(doc: Doc):
    from .clauses import bounds

    return bounds(doc, CLAUSE_BREAK_WORDS, CLAUSE_BREAK_PUNCT, QUOTES)


def is_clause_punctuation(token) -> bool:
    """, ; : ( ) and dashes; a hyphen only when spaced ("on-call" is one word, "late - sorry" two clauses)."""
    if token.norm_ in CLAUSE_BREAK_PUNCT:
        return True
    return token.norm_ == "-" and token.i > 0 and bool(token.doc[token.i - 1].whitespace_)


def _negation(doc: Doc, before: list, start: int, end: int) -> str | None:
    for position, token in enumerate(before[-_NEGATION_WINDOW:]):
        if token.norm_ not in NEGATIONS:
            continue
        window = before[-_NEGATION_WINDOW:]
        following = window[position + 1].norm_ if position + 1 < len(window) else doc[end - 1].norm_
        if following in {"only", "just"}:  # "not only ... but"
            continue
        if _elliptical(doc, token):  # "if not, could I do another shift?": the not ends its own clause
            continue
        if _cannot_enough(doc, token, end):  # "I can't thank you enough"
            continue
        if _new_subject_after(window[position + 1:] + [doc[start]]):  # "it wasn't fair and I regret it"
            continue
        return token.text
    return None


def _elliptical(doc: Doc, negation) -> bool:
    """ "if not," "or not," "whether or not," "why not?", and "if not" straight before a request ("but if
    not would you let me ..."): a negation that is a clause of its own."""
    i = negation.i
    after = doc[i + 1].norm_ if i + 1 < len(doc) else ""
    before = doc[i - 1].norm_ if i > 0 else ""
    return before in {"if", "or", "why"} and after in _AFTER_ELLIPTICAL


def _new_subject_after(tokens: list) -> bool:
    """A coordinated clause with its own subject ("... and I regret it") is out of an earlier negation's reach."""
    return any(first.norm_ in _COORDINATORS and second.norm_ in _SUBJECTS
               for first, second in pairwise(tokens))


def _cannot_enough(doc: Doc, negation, end: int) -> bool:
    modal = doc[negation.i - 1].norm_ if negation.i > 0 else ""
    after = [t.norm_ for t in doc[end : min(end + 4, len(doc))]]
    return modal in {"can", "could"} and "enough" in after


def _someone_else(doc: Doc, before: list, start: int, end: int) -> str | None:
    """The third person a hit is said of, or None when it is the sender's own (or unclear): the nearest
    person named before the hit in its clause decides, unless the hit itself holds "I", "me", "my", "we" ...
    ("they made me so nervous" is the sender's nerves; "she apologised for being nervous" is not)."""
    if any(token.norm_ in FIRST_PERSON for token in doc[start:end]):
        return None
    for token in reversed(before):
        if token.norm_ in FIRST_PERSON or token.norm_ in _SECOND_PERSON:
            return None
        if token.norm_ in THIRD_PERSON:
            return token.text
    return None


def _state_of_someone_else(doc: Doc, start: int, end: int) -> str | None:
    """A third person inside the hit, after its last first-person word, as the subject of a state: "I
    thought she was nervous" is her nerves; "they made me nervous" is the sender's."""
    words = [t for t in doc[start:end] if not t.is_space]
    for position in range(len(words) - 2, -1, -1):
        token = words[position]
        if token.norm_ in FIRST_PERSON:
            return None
        if token.norm_ in _THIRD_SUBJECTS and words[position + 1].norm_ in _STATE_VERBS:
            return token.text
    return None


def _offered_to_someone_else(doc: Doc, before: list, start: int, end: int) -> str | None:
    """The person a second chance is offered to, when it is not the sender: the nearest person in the hit
    or before it in its clause is him, her or the candidate, brought back, in or to something."""
    words = before + [t for t in doc[start:end] if not t.is_space]
    for position in range(len(words) - 1, -1, -1):
        token = words[position]
        if token.norm_ in FIRST_PERSON:
            return None
        if token.norm_ not in _OFFERED_TO:
            continue
        following = words[position + 1].norm_ if position + 1 < len(words) else ""
        preceding = words[position - 1].norm_ if position > 0 else ""
        if following in _OFFER_AFTER and preceding not in _ASKED_BEFORE:
            return token.text
        return None
    return None


def _polite_further(doc: Doc, if_index: int, start: int, end: int) -> bool:
    """A modal past a longer subject before the hit ("if the hiring manager could see me once more"), or
    "still" up to the hit's end ("if any door is still open"); not a modal of the main clause after the
    hit ("if I had another chance I would ...")."""
    words = [t for t in doc[if_index + 1 : end] if not t.is_space][:_POLITE_FURTHER_REACH]
    return any(t.norm_ == "still" or (t.norm_ in _POLITE_FURTHER_AFTER_IF and t.i < start) for t in words)


def _hypothetical(doc: Doc, before: list, start: int, end: int) -> str | None:
    for position, token in enumerate(before):
        if _in_case(before, position):  # "in case my connection drops": a precaution, not an event
            return "in case"
        if token.norm_ not in CONDITIONALS:
            continue
        following = [t.norm_ for t in before[position + 1 : position + 4]]
        if any(word in _POLITE_AFTER_IF for word in following):
            continue
        if _polite_further(doc, token.i, start, end):
            continue
        asking = [t.norm_ for t in before[max(0, position - 2) : position] if t.norm_ not in _FILLERS]
        if asking and asking[-1] in _ASKING_BEFORE_IF:
            continue
        return token.text
    return None


def _in_case(before: list, position: int) -> bool:
    """ "in case" (or "in case of") at this position: not "in any case", "in that case" or "in case study 2"."""
    if before[position].norm_ != "case" or position == 0 or before[position - 1].norm_ != "in":
        return False
    following = before[position + 1].norm_ if position + 1 < len(before) else ""
    return following not in {"study", "studies"}


def _blocked_by(before: list, words: tuple[str, ...]) -> str | None:
    """The not-after entry that ends just before the hit, fillers aside: a word ("thanks") or words in
    order ("i know", so that "I know where I went wrong" is a statement but "let me know where" is not)."""
    longest = max(entry.count(" ") for entry in words) + 1
    last: list = []  # the words before the hit, nearest first, fillers left out
    for token in reversed(before):
        if not last and token.norm_ in words:  # one word just before, fillers aside
            return token.text
        if token.norm_ in _FILLERS:
            continue
        last.append(token)
        if len(last) == longest:
            break
    for entry in words:
        parts = entry.split()
        if len(parts) > 1 and len(last) >= len(parts) and [t.norm_ for t in last[: len(parts)]] == parts[::-1]:
            return " ".join(t.text for t in reversed(last[: len(parts)]))
    return None


def _followed_by(doc: Doc, end: int, phrases: tuple[tuple[str, ...], ...]) -> str | None:
    after = [t.norm_ for t in doc[end : min(len(doc), end + 8)] if not t.is_space]
    for phrase in phrases:
        if tuple(after[: len(phrase)]) == phrase:
            return " ".join(phrase)
    return None


def _inside_quotation(doc: Doc, start: int, end: int) -> bool:
    bounds = _bounds(doc)
    quotes = bounds.quotes_before
    sentence_start, sentence_end = bounds.sentence_start[start], bounds.sentence_end[start]
    opened = quotes[start] - quotes[sentence_start]
    closed_after = end < sentence_end and quotes[sentence_end] > quotes[end]
    return opened % 2 == 1 and closed_after
