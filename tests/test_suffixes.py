"""One list of file suffixes feeds the default globs, the readers and the pre-commit hook's regex."""
from __future__ import annotations

import re

import pytest
import yaml

from mail_lint.sources import DEFAULT_GLOBS, discover, load_drafts
from mail_lint.sources.suffixes import DRAFT_SUFFIXES, HTML_SUFFIXES, TEMPLATE_SUFFIXES, pre_commit_files_regex

from .conftest import ROOT


def test_default_globs_are_the_suffix_list():
    assert DEFAULT_GLOBS == tuple(f"*{suffix}" for suffix in DRAFT_SUFFIXES)
    assert set(HTML_SUFFIXES) | set(TEMPLATE_SUFFIXES) <= set(DRAFT_SUFFIXES)


def test_pre_commit_hook_matches_the_same_files():
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["files"] == pre_commit_files_regex()
    files = re.compile(hook["files"])
    for suffix in DRAFT_SUFFIXES:
        assert files.search(f"drafts/followup{suffix}"), suffix
    assert not files.search("setup.py") and not files.search("notes.txt.bak")


@pytest.mark.parametrize("suffix", [".jinja2", ".tpl", ".handlebars", ".j2", ".hbs", ".xhtml"])
def test_a_folder_of_templates_is_linted(tmp_path, suffix):
    (tmp_path / f"followup{suffix}").write_text("Dear {{ name }},\nThank you for the interview.\n", encoding="utf-8")
    assert list(discover((str(tmp_path),))) == [str(tmp_path / f"followup{suffix}")]


@pytest.mark.parametrize("suffix", TEMPLATE_SUFFIXES)
def test_every_template_suffix_is_read_as_a_template(suffix):
    [draft] = load_drafts(f"followup{suffix}", b"{# mail-lint: disable=excuse #}\nDear {{ name }},\n")
    assert draft.suppressions and draft.masks  # template comments suppress, placeholders are masked


@pytest.mark.parametrize("suffix", HTML_SUFFIXES)
def test_every_html_suffix_is_read_as_html(suffix):
    [draft] = load_drafts(f"followup{suffix}", b"Thank you &amp; <b>goodbye</b>\n")
    assert draft.text.strip() == "Thank you & goodbye"
