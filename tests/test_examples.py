"""Golden text output for every draft in examples/ (regenerate with scripts/update_golden.py)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from mail_lint.cli import main

from .conftest import ROOT

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_file())


@pytest.mark.parametrize("draft", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_golden_output(draft, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["--quiet", f"examples/{draft.name}"])
    expected = (ROOT / "examples" / "expected" / f"{draft.name}.out").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert result.exit_code == (1 if expected else 0)


def test_examples_cover_every_category_and_quiet_cases():
    outputs = {p.name: (ROOT / "examples" / "expected" / f"{p.name}.out").read_text() for p in EXAMPLES}
    for category in ("thank-you", "second-chance", "excuse", "apology", "feedback-request"):
        assert f" {category}." in outputs[f"{category}.txt"]
    assert len({line.split()[2].split(".")[0] for line in outputs["mixed.txt"].splitlines()}) >= 4
    for quiet in ("clean-followup.txt", "ordinary-invoice.txt", "ordinary-neighbours.txt"):
        assert outputs[quiet] == ""
