"""The reporters, by ``--format`` name: a new output format is one module and one line in REPORTERS.

Every reporter gets the results and one ``ReportOptions`` value and returns the report as a string.
A streaming reporter may be called once per file as results come (flat memory); the others get the
whole run at once.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..finding import FileResult


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What a reporter may need besides the results: rule and category facts, colour, a user template."""

    rules: tuple[dict, ...] = ()  # [{id, message, why, instead, severity}] in pattern order
    categories: tuple[dict, ...] = ()  # [{id, label, colour, summary, why, instead}] in report order
    colour: bool = False
    template: Path | None = None


@dataclass(frozen=True, slots=True)
class Reporter:
    render: Callable[[Sequence[FileResult], ReportOptions], str]
    streams: bool = False  # may render each file's result on its own, as it comes
    keeps_text: bool = False  # needs each draft's text and layout (rendered reports)


def _text(results: Sequence[FileResult], options: ReportOptions) -> str:
    from .text import render_text

    return render_text(results, color=options.colour)


def _json(results: Sequence[FileResult], options: ReportOptions) -> str:
    from .json import render_json

    return render_json(results)


def _github(results: Sequence[FileResult], options: ReportOptions) -> str:
    from .github import render_github

    return render_github(results)


def _sarif(results: Sequence[FileResult], options: ReportOptions) -> str:
    from .sarif import render_sarif

    return render_sarif(results, list(options.rules))


def _junit(results: Sequence[FileResult], options: ReportOptions) -> str:
    from .junit import render_junit

    return render_junit(results)


def _rendered(kind: str) -> Callable[[Sequence[FileResult], ReportOptions], str]:
    def render(results: Sequence[FileResult], options: ReportOptions) -> str:
        from .rendered import render_report

        rules = {rule["id"]: {"why": rule["why"], "instead": rule["instead"]} for rule in options.rules}
        return render_report(kind, results, list(options.categories), rules, options.template)

    return render


REPORTERS: dict[str, Reporter] = {
    "text": Reporter(_text, streams=True),
    "json": Reporter(_json),
    "github": Reporter(_github, streams=True),
    "sarif": Reporter(_sarif),
    "junit": Reporter(_junit),
    "html": Reporter(_rendered("html"), keeps_text=True),
    "markdown": Reporter(_rendered("markdown"), keeps_text=True),
}
