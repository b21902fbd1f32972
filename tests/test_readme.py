"""The README's rule table is generated from the pattern files and must not drift from them."""
from __future__ import annotations

from mail_lint.explain import rule_table

from .conftest import ROOT


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
