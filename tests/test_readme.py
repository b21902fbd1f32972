"""The README's rule table is generated from the pattern files and must not drift from them."""
from __future__ import annotations

from mail_lint.explain import rule_table

from .conftest import ROOT, accuracy_bench


def test_readme_rule_table_is_current(pattern_set):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- rules:start -->\n", "<!-- rules:end -->"
    table = readme.split(start, 1)[1].split(end, 1)[0]
    assert table == rule_table(pattern_set), "run scripts/update_readme.py"
    for rule in pattern_set.rules:
        assert f"`{rule.id}`" in table


def test_readme_commands_match_ci():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    assert test_command in readme
    assert test_command in ci


def test_readme_example_output_is_the_real_output():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ mail-lint examples/mixed.txt\n", 1)[1].split("```", 1)[0]
    findings = [line for line in block.splitlines() if line.startswith("examples/")]
    expected = (ROOT / "examples" / "expected" / "mixed.txt.out").read_text(encoding="utf-8").splitlines()
    assert findings == expected


def test_readme_accuracy_tables_are_the_committed_figures():
    import json

    accuracy = accuracy_bench()
    report = json.loads((ROOT / "bench" / "results" / "accuracy.json").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- accuracy:start -->\n", 1)[1].split("<!-- accuracy:end -->", 1)[0]
    firsts = accuracy.first_measurements()
    assert block == accuracy.readme_tables(report, firsts), "run python bench/accuracy.py --readme"
    assert firsts and all(f"| {batch} | " in block for batch in firsts)


def test_pooled_figures_add_counts_not_rates():
    accuracy = accuracy_bench()
    documents = [{"context": "followup", "labels": ["apology"], "text": "x", "evidence": {}},
                 {"context": "other", "labels": [], "text": "y", "evidence": {}}]
    hit = accuracy.Prediction(categories={"apology"}, spans={})
    miss = accuracy.Prediction(categories=set(), spans={})
    one = accuracy.score(documents[:1], [hit])  # apology F1 1.0
    other = accuracy.score(documents, [miss, hit])  # one missed, one false alarm: F1 0.0
    both = accuracy.pooled([one, other])
    assert both["categories"]["apology"] == accuracy.category_figures(tp=1, fp=1, fn=1)
    assert both["flagged"]["other"] == {"documents": 1, "flagged": 1}
    assert accuracy.pooled([one]) == one
