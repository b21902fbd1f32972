"""One open document, linted as the command line reads a file: values only, no protocol here.

The text the editor holds is encoded to bytes and read by ``sources.load_drafts`` (kind decided by
content and name, as ``mail-lint FILE`` decides it), then linted by the shared ``Linter``. A mail draft
with an ``X-Mail-Lint: skip`` header is not linted, as the sendmail hook would not refuse it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from ..finding import Finding
from ..hook import strip_skip_header
from ..linter import Linter
from ..sources import InputError, load_drafts
from ..sources.mime import is_format_patch, is_mbox, looks_like_message
from ..sources.suffixes import TEMPLATE_SUFFIXES
from .positions import LineIndex

# Names to read an unsaved buffer by, from its language id (content decides the rest).
_SUFFIX_FOR_LANGUAGE = {"html": ".html", "markdown": ".md", "jinja": ".j2", "jinja-html": ".j2",
                        "handlebars": ".hbs", "mustache": ".mustache", "mail": ".eml"}


@dataclass(frozen=True, slots=True)
class Located:
    """A finding and where it is in the document's text (code-point offsets)."""

    finding: Finding
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LintedDocument:
    """What one lint of one version of a document found."""

    uri: str
    version: int | None
    text: str
    kind: str  # "message" (headers and body), "template", "html" or "text"
    located: tuple[Located, ...] = ()
    skipped: bool = False  # X-Mail-Lint: skip
    problems: tuple[str, ...] = ()  # input errors and warnings, one line each, for window/logMessage

    def at(self, offset: int) -> list[Located]:
        """The findings whose span contains ``offset`` (its end included, where a cursor rests)."""
        return [item for item in self.located if item.start <= offset <= item.end]


def document_kind(path: str, text: str) -> str:
    suffix = PurePath(path).suffix.lower()
    if suffix in TEMPLATE_SUFFIXES:
        return "template"
    head = text[:65536].encode("utf-8", "surrogatepass")
    if not is_format_patch(head) and not is_mbox(head) and looks_like_message(head, named_eml=suffix == ".eml"):
        return "message"
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    return "text"


def reading_name(path: str | None, uri: str, language_id: str | None) -> str:
    """The name the document is read by: its file, or for an unsaved buffer a name with a fitting suffix."""
    if path:
        return path
    return "untitled" + _SUFFIX_FOR_LANGUAGE.get(language_id or "", ".txt")


def lint_document(linter: Linter, uri: str, version: int | None, name: str, text: str) -> LintedDocument:
    kind = document_kind(name, text)
    data = text.encode("utf-8", "surrogatepass")
    if kind == "message" and strip_skip_header(data)[1]:
        return LintedDocument(uri, version, text, kind, skipped=True)
    problems: list[str] = []
    located: list[Located] = []
    index = LineIndex(text)
    for result in linter.lint(load_drafts(name, data)):
        if result.error:
            problems.append(result.error)
        problems += [f"{result.path}: warning: {warning}" for warning in result.warnings]
        for finding in result.findings:
            if finding.position == "decoded":  # inside an encoded body: no place in the text to mark
                problems.append(f"{result.path}: {finding.rule_id} is in an encoded part of the message; "
                                f"it cannot be marked: \"{' '.join(finding.evidence.split())}\"")
                continue
            start = index.offset_of_finding(finding.line, finding.column)
            end = max(start, index.offset_of_finding(finding.end_line, finding.end_column))
            located.append(Located(finding, start, end))
    return LintedDocument(uri, version, text, kind, tuple(located), problems=tuple(problems))


def input_problem(name: str, error: Exception) -> str:
    if isinstance(error, InputError):
        return str(error)
    return f"{name}: cannot lint ({type(error).__name__}: {error})"
