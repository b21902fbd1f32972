"""Category facts (label, order, colours, underline) live in each category's pattern file; the reports'
legend and CSS and the constants are made from them, so a new category is one file."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from mail_lint import patterns
from mail_lint.cli import main
from mail_lint.patterns import PatternError, load_patterns

HOUSE = """category: house-style
summary: Uses the words the house style guide forbids.
why: The guide says so.
instead: Use the plain word.
rules:
  - id: utilise
    message: Says utilise.
    patterns: ["~utilize"]
    examples:
      fail: ["We utilise the data."]
      pass: ["We use the data."]
"""


def test_the_five_followup_categories_come_from_their_files():
    assert patterns.CATEGORY_IDS == ("thank-you", "second-chance", "excuse", "apology", "feedback-request")


def test_built_in_categories_are_listed_in_their_declared_order(pattern_set):
    ordered = pattern_set.categories_in_order()
    assert [c.id for c in ordered] == [*patterns.CATEGORY_IDS, "addressing"]
    assert [c.label for c in ordered] == ["Thanks", "Second chance", "Excuse", "Apology", "Feedback request",
                                          "Addressing"]
    assert len({c.colour for c in ordered}) == len({c.line for c in ordered}) == len(ordered)  # all distinct


def report(tmp_path, *args):
    draft = tmp_path / "draft.txt"
    draft.write_text("Thank you for the interview. We utilise the data.\n", encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["--assume-followup", "--format", "html", "-o", str(out), *args, str(draft)])
    return result, out.read_text(encoding="utf-8") if out.exists() else ""


def test_the_report_css_is_made_from_the_pattern_files(tmp_path, pattern_set):
    _, html = report(tmp_path)
    for category in pattern_set.categories:
        assert f".cat-{category.id} {{" in html and f"border-color: {category.colour}; " in html
    assert (".cat-excuse { border-bottom-style: dotted; border-color: #b7410e; background: #fcebe3; } "
            ".cat-excuse sup, .tag.cat-excuse { background: #b7410e; }") in html


def test_a_new_category_is_one_file_with_its_own_colour_and_legend(tmp_path):
    extra = tmp_path / "house"
    extra.mkdir()
    (extra / "house-style.yaml").write_text(HOUSE, encoding="utf-8")
    result, html = report(tmp_path, "--extra-patterns", str(extra))
    assert result.exit_code == 1
    [category] = [c for c in load_patterns(extra_dirs=(extra,)).categories if c.id == "house-style"]
    assert (category.label, category.colour) == ("house-style", "#00747a")  # the first spare colour
    assert '<mark class="cat-house-style" title="2">utilise<sup>2</sup></mark>' in html
    assert ".cat-house-style { border-bottom-style: solid; border-color: #00747a; background: #dff3f4; }" in html
    assert '<li><mark class="cat-house-style">house-style</mark> 1' in html


@pytest.mark.parametrize(("line", "problem"), [
    ('colour: "red"', "'colour' must be a colour written #rrggbb, not 'red'"),
    ("line: wavy", "'line' must be one of solid, dashed, dotted, double, groove, outlined, not 'wavy'"),
    ("order: first", "'order' must be a whole number"),
])
def test_bad_category_facts_are_load_errors(tmp_path, line, problem):
    (tmp_path / "house-style.yaml").write_text(HOUSE.replace("summary:", f"{line}\nsummary:"), encoding="utf-8")
    with pytest.raises(PatternError) as error:
        load_patterns(extra_dirs=(tmp_path,))
    assert str(error.value) == f"{tmp_path / 'house-style.yaml'}: {problem}"
