"""Matchers: each finds raw hits of the rules in a spaCy Doc. Judgement happens afterwards."""

from .. import _spacy  # noqa: F401  (runs before any submodule's spacy import: spaCy without spacy.cli)
