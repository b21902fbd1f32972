"""Sentence and clause bounds of every token of a Doc, computed once per Doc.

Judging a hit needs the sentence and the clause around it. Walking back from each hit to its clause's
start (and ``token.sent``, which walks to the sentence's ends) costs the length of the sentence per
hit: quadratic on a long sentence with many hits (a 150,000-word draft without a full stop). These
columns are computed in one pass, on the first hit of a Doc, and kept in ``doc.user_data``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.attrs import NORM, SENT_START, SPACY

if TYPE_CHECKING:
    from spacy.tokens import Doc

_KEY = "mail_lint_clauses"


@dataclass(frozen=True, slots=True)
class Bounds:
    sentence_start: list[int]  # for each token, the index of the first token of its sentence
    sentence_end: list[int]  # ... and the index after its sentence's last token
    clause_start: list[int]  # ... and the first token of its clause (after the last clause break)
    quotes_before: list[int]  # quotes_before[i]: how many quotation marks are in doc[:i]


def bounds(doc: Doc, break_words: frozenset[str], break_punct: frozenset[str], quotes: frozenset[str]) -> Bounds:
    """The Doc's sentence and clause columns (computed on first use, in one pass over its columns: plain
    lists, as most drafts are a few hundred tokens, where numpy's per-call cost is more than the work)."""
    cached = doc.user_data.get(_KEY)
    if cached is not None:
        return cached
    strings = doc.vocab.strings
    breaks = {strings.add(word) for word in break_words | break_punct}
    quote_marks = {strings.add(word) for word in quotes}
    hyphen = strings.add("-")
    size = len(doc)
    sentence_start = [0] * size
    clause_start = [0] * size
    quotes_before = [0] * (size + 1)
    first = last_break = -1
    spaced = False
    count = 0
    for index, (starts, norm, space) in enumerate(doc.to_array([SENT_START, NORM, SPACY]).tolist()):
        if starts == 1 or index == 0:
            first = index
        sentence_start[index] = first
        clause_start[index] = max(last_break + 1, first)
        if norm in breaks or (norm == hyphen and spaced and index > 0):
            last_break = index
        spaced = space == 1
        if norm in quote_marks:
            count += 1
        quotes_before[index + 1] = count
    sentence_end = [0] * size
    end = size
    for index in range(size - 1, -1, -1):
        sentence_end[index] = end
        if sentence_start[index] == index:
            end = index
    result = Bounds(sentence_start, sentence_end, clause_start, quotes_before)
    doc.user_data[_KEY] = result
    return result
