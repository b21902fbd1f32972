"""Accuracy floors on the project's own labelled corpora (bench/corpus), so a rule change that
generalises badly fails here, not in a user's inbox. The full report is bench/accuracy.py."""
from __future__ import annotations

import pytest

from .conftest import ROOT, accuracy_bench

CORPORA = sorted((ROOT / "bench" / "corpus").glob("*.jsonl"))


@pytest.fixture(scope="module")
def accuracy():
    return accuracy_bench()


@pytest.mark.parametrize("corpus", CORPORA, ids=[p.name for p in CORPORA])
def test_accuracy_floors(accuracy, corpus):
    documents = accuracy.load([corpus])
    result = accuracy.score(documents, accuracy.predict_mail_lint(documents))
    baseline = accuracy.score(documents, accuracy.predict_word_list(documents))
    assert result["macro_f1"] >= 0.85
    assert result["macro_f1"] > baseline["macro_f1"] + 0.3
    assert result["flagged"]["other"]["flagged"] == 0, "ordinary mail must stay quiet"
    assert result["flagged"]["interview-other"]["flagged"] <= 0.05 * result["flagged"]["interview-other"]["documents"]
    assert result["evidence"]["share"] >= 0.75


@pytest.mark.parametrize("variant", ["eml", "html", "jinja"])
@pytest.mark.parametrize("corpus", CORPORA, ids=[p.name for p in CORPORA])
def test_wrapping_as_mail_or_template_loses_nothing(accuracy, corpus, variant):
    documents = accuracy.load([corpus])
    plain = accuracy.score(documents, accuracy.predict_mail_lint(documents, "plain"))
    wrapped = accuracy.score(documents, accuracy.predict_mail_lint(documents, variant))
    assert wrapped["macro_f1"] >= plain["macro_f1"] - 0.02
    assert wrapped["flagged"]["other"]["flagged"] == 0
    assert wrapped["evidence"]["share"] >= plain["evidence"]["share"] - 0.02
