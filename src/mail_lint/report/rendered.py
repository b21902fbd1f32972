"""``--format html`` and ``--format markdown``: jinja2 templates over the data object of document.py.

HTML is rendered with autoescape on, so nothing from a draft - ``<script>``, ``onerror=``,
``{{ jinja }}`` - can become markup; StrictUndefined turns a template's typo into an error.
A user's own template (``--template FILE``) gets the same object; it is escaped when it makes markup
(.html, .htm, .xhtml, .xml, .svg, with or without .j2).
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from ..finding import FileResult
from .document import report_document

_MARKUP_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".svg")  # a template for these is autoescaped
BUILT_IN = {"html": "report.html.j2", "markdown": "report.md.j2"}


class TemplateError(ValueError):  # caught by the CLI as a one-line error
    """A user template that cannot be loaded or rendered; the message names the file."""


def render_report(kind: str, results: Sequence[FileResult], categories: Sequence[dict], rules: dict[str, dict],
                  template: Path | None = None) -> str:
    document = report_document(results, categories, rules)
    if template is None:
        environment = _environment(jinja2.PackageLoader("mail_lint.report", "templates"), escape=kind == "html")
        return environment.get_template(BUILT_IN[kind]).render(report=document)
    escape = template.name.lower().removesuffix(".j2").removesuffix(".jinja").endswith(_MARKUP_SUFFIXES)
    environment = _environment(jinja2.FileSystemLoader(str(template.parent)), escape=escape or kind == "html")
    try:
        return environment.get_template(template.name).render(report=document)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"{template}: template not found") from None
    except jinja2.TemplateError as error:
        where = f"line {error.lineno}: " if getattr(error, "lineno", None) else ""
        raise TemplateError(f"{template}: {where}{error.message or type(error).__name__}") from None


def _environment(loader: jinja2.BaseLoader, escape: bool) -> jinja2.Environment:
    environment = jinja2.Environment(loader=loader, autoescape=escape, undefined=jinja2.StrictUndefined,
                                     keep_trailing_newline=True, trim_blocks=False)
    environment.filters["md"] = markdown_text
    return environment


_MARKDOWN_SPECIAL = {char: "\\" + char for char in "\\`*_[]|#~"}
_MARKDOWN_SPECIAL.update({"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def markdown_text(text: object) -> str:
    """Draft text as inert Markdown: one line, no emphasis, links, tables or HTML."""
    flat = " ".join(str(text).split())
    return "".join(_MARKDOWN_SPECIAL.get(char, char) for char in flat)
