"""``--format github``: GitHub Actions workflow commands, one annotation per finding or error."""
from __future__ import annotations

from collections.abc import Sequence

from ..finding import FileResult, Severity, input_file
from .visible import visible

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def render_github(results: Sequence[FileResult]) -> str:
    lines = []
    for result in results:
        if result.error:
            lines.append(f"::error file={_property(input_file(result.path))},title=mail-lint::{_data(result.error)}")
        for finding in sorted(result.findings, key=lambda f: f.sort_key):
            properties = ",".join([
                f"file={_property(input_file(result.path))}",
                f"line={finding.line}",
                f"col={finding.column}",
                f"endLine={finding.end_line}",
                f"endColumn={finding.end_column}",
                f"title={_property(finding.rule_id)}",
            ])
            text = f'{finding.message} "{" ".join(finding.evidence.split())}"'
            lines.append(f"::{_LEVELS[finding.severity]} {properties}::{_data(text)}")
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
