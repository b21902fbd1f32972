"""Matchers: each finds raw hits of the rules in a spaCy Doc. Judgement happens afterwards."""
