"""The one list of file suffixes mail-lint reads in a folder. It feeds the default globs (discover.py),
the HTML and template readers (detect.py) and the pre-commit hook's ``files`` regex (a test keeps
.pre-commit-hooks.yaml equal to ``pre_commit_files_regex()``). A new kind of file is one line here.
"""
from __future__ import annotations

import re

TEXT_SUFFIXES = (".txt", ".md")
MAIL_SUFFIXES = (".eml", ".mbox")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2", ".mustache", ".hbs", ".handlebars", ".tmpl", ".tpl")
DRAFT_SUFFIXES = TEXT_SUFFIXES + MAIL_SUFFIXES + HTML_SUFFIXES + TEMPLATE_SUFFIXES


def pre_commit_files_regex() -> str:
    """The ``files:`` regex of .pre-commit-hooks.yaml: any of DRAFT_SUFFIXES at the end of a path."""
    return r"\.(" + "|".join(re.escape(suffix[1:]) for suffix in DRAFT_SUFFIXES) + ")$"
