"""Sentence and clause bounds of every token of a Doc, computed once per Doc.

Judging a hit needs the sentence and the clause around it. Walking back from each hit to its clause's
start (and ``token.sent``, which walks to the sentence's ends) costs the length of the sentence per
hit: quadratic on a long sentence with many hits (a 150,000-word draft without a full stop). These
columns are computed in one pass, on the first hit of a Doc, and kept in ``doc.user_data``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import NORM, SENT_START, SPACY

if TYPE_CHECKING:
    from spacy.tokens import Doc

_KEY = "mail_lint_clauses"


@dataclass(frozen=True, slots=True)
class Bounds:
    sentence_start: numpy.ndarray  # for each token, the index of the first token of its sentence
    sentence_end: numpy.ndarray  # ... and the index after its sentence's last token
    clause_start: numpy.ndarray  # ... and the first token of its clause (after the last clause break)
    quotes_before: numpy.ndarray  # quotes_before[i]: how many quotation marks are in doc[:i]


def bounds(doc: Doc, break_words: frozenset[str], break_punct: frozenset[str], quotes: frozenset[str]) -> Bounds:
    """The Doc's sentence and clause columns (computed on first use)."""
    cached = doc.user_data.get(_KEY)
    if cached is not None:
        return cached
    size = len(doc)
    positions = numpy.arange(size, dtype=numpy.int64)
    columns = doc.to_array([SENT_START, NORM, SPACY]).astype(numpy.int64) if size else numpy.zeros((0, 3), numpy.int64)
    starts_sentence = columns[:, 0] == 1
    if size:
        starts_sentence[0] = True
    sentence_start = numpy.maximum.accumulate(numpy.where(starts_sentence, positions, 0)) if size else positions
    next_starts = numpy.append(numpy.flatnonzero(starts_sentence), size)
    sentence_end = next_starts[numpy.searchsorted(next_starts, positions, side="right")] if size else positions
    strings = doc.vocab.strings
    norms = columns[:, 1].astype(numpy.uint64)
    is_break = numpy.isin(norms, _hashes(strings, break_words | break_punct))
    hyphen = norms == numpy.uint64(strings.add("-"))
    spaced_before = numpy.zeros(size, dtype=bool)
    spaced_before[1:] = columns[:-1, 2] == 1
    is_break |= hyphen & spaced_before & (positions > 0)
    last_break = numpy.maximum.accumulate(numpy.where(is_break, positions, -1)) if size else positions
    break_before = numpy.full(size, -1, dtype=numpy.int64)
    break_before[1:] = last_break[:-1]
    clause_start = numpy.maximum(break_before + 1, sentence_start)
    is_quote = numpy.isin(norms, _hashes(strings, quotes))
    quotes_before = numpy.concatenate(([0], numpy.cumsum(is_quote)))
    result = Bounds(sentence_start, sentence_end, clause_start, quotes_before)
    doc.user_data[_KEY] = result
    return result


def _hashes(strings, words: frozenset[str]) -> numpy.ndarray:
    return numpy.array(sorted(strings.add(word) for word in words), dtype=numpy.uint64)
