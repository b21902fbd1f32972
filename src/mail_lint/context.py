"""The context gate: is this draft a candidate's follow-up to a job interview or application?

Signals (patterns/_context.yaml) come in four kinds:
  hiring   the draft is about a job: interview, position, candidacy, hiring manager ...
  after    it comes after an interview or a decision: "our conversation", "other candidates", a
           quoted rejection, a missed interview
  against  it is another kind of hiring mail: accepting an offer, withdrawing, confirming a time,
           or the employer's own voice ("we have decided", "thank you for your interest"); or the
           interview, panel or trial is of another kind (a flat share, a study, a show, an award)
  cue      weighs nothing: a word that names a job outright ("the position", "salary", "my CV").
           An against signal with ``unless`` counts only when none of the signals it names fired:
           the sense of a draft's interview is read from words anywhere in it ("the room", "the
           study", "before it runs"), and those words say another sense only where the draft
           names no job of its own.
A draft is a follow-up when it has an "after" signal, enough hiring weight on its own and with the
"after" signals, less "against" than "after" weight, and at least one hiring or after signal that is
not marked weak: talk of one's own answers ("I misread your question") with a meeting told ("thanks
for the call") is business mail as often as a follow-up. Each signal's weight counts once, however
many of its wordings the draft uses. Quoted text (a rejection being
replied to) adds hiring and after weight but never against: the employer's voice there is exactly
what a follow-up answers.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .finding import ContextDecision
from .matchers.rules import OTHER_SIGNALS_SPANS, SIGNALS_SPANS
from .patterns import ContextSignal, PatternSet

if TYPE_CHECKING:
    from spacy.tokens import Doc


def about_a_job(own: Doc, quoted: Doc | None, pattern_set: PatternSet) -> bool:
    """Whether the hiring signals alone reach min-hiring; below it no other signal can make a follow-up."""
    weights = {signal.name: signal.weight for signal in pattern_set.signals if signal.kind == "hiring"}
    fired = {span.label_ for doc in (own, quoted) if doc is not None for span in doc.spans[SIGNALS_SPANS]}
    return sum(weights.get(name, 0.0) for name in fired) >= pattern_set.min_hiring


def decide(own: Doc, quoted: Doc | None, pattern_set: PatternSet) -> ContextDecision:
    signals = {signal.name: signal for signal in pattern_set.signals}
    fired: set[str] = set()
    found: list[tuple[str, str]] = []  # (signal name, evidence item), in the order of the text
    for doc, is_quote in ((own, False), (quoted, True)):
        if doc is None:
            continue
        for span in _signals(doc):
            signal = signals[span.label_]
            if is_quote and signal.kind == "against":
                continue
            fired.add(signal.name)
            words = " ".join(span.text.split())
            found.append((signal.name, ("quoted: " if is_quote else "") + words
                          + (" (against)" if signal.kind == "against" else "")))
    counted = {name for name in fired if counts(signals[name], fired)}
    evidence: list[str] = []
    for name, item in found:
        if name in counted and item not in evidence:
            evidence.append(item)
    totals = {"hiring": 0.0, "after": 0.0, "against": 0.0}
    for name in counted:
        totals[signals[name].kind] += signals[name].weight
    support = totals["hiring"] + totals["after"]
    strong = any(not signals[name].weak and signals[name].kind != "against" for name in counted)
    followup = pattern_set.gate_says_followup(totals["hiring"], totals["after"], totals["against"], strong)
    raw = (support - 2 * totals["against"]) / (2 * pattern_set.threshold)
    score = round(min(1.0, max(0.0, raw)), 2)
    score = max(score, 0.5) if followup else min(score, 0.49)
    return ContextDecision(followup=followup, score=score, evidence=tuple(evidence))


def counts(signal: ContextSignal, fired: set[str]) -> bool:
    """Whether a signal that fired adds its weight: a cue never does (it only voids), and an against
    signal with ``unless`` does only when none of the signals named there fired too (in the sender's
    own text or the quoted text)."""
    return signal.kind != "cue" and fired.isdisjoint(signal.unless)


def _signals(doc: Doc) -> list:
    """The signal spans the matcher found: the hiring ones, then the after and against ones (if looked for)."""
    return [*doc.spans[SIGNALS_SPANS], *doc.spans.get(OTHER_SIGNALS_SPANS, ())]


def assumed() -> ContextDecision:
    return ContextDecision(followup=True, score=1.0, evidence=(), assumed=True)
