"""The default output: ``path:line:col: severity rule-id message "evidence"``, one finding a line."""
from __future__ import annotations

from collections.abc import Sequence

from ..finding import FileResult, Finding, RunSummary, Severity
from .visible import one_line, visible

_SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.SUGGESTION: "cyan"}


def render_text(results: Sequence[FileResult], color: bool = False) -> str:
    """Findings of every file, sorted by path then position; errors go to the summary, not here."""
    lines = []
    for result in sorted(results, key=lambda r: r.path):
        for finding in sorted(result.findings, key=lambda f: f.sort_key):
            lines.append(_finding_line(result.path, finding, color))
    return "".join(line + "\n" for line in lines)


def _finding_line(path: str, finding: Finding, color: bool) -> str:
    severity = finding.severity.label
    rule = finding.rule_id
    if color:
        import click

        severity = click.style(severity, fg=_SEVERITY_COLOURS[finding.severity], bold=True)
        rule = click.style(rule, bold=True)
    evidence = visible(" ".join(finding.evidence.split()))
    place = f"{one_line(path)}:{finding.line}:{finding.column}"
    return f'{place}: {severity} {rule} {visible(finding.message)} "{evidence}"'


def render_summary(results: Sequence[FileResult] | RunSummary) -> str:
    """One line for stderr: what was linted and what was found."""
    summary = results if isinstance(results, RunSummary) else RunSummary.of(results)
    files = _plural(summary.files - summary.errors, "file")
    parts = []
    if summary.findings:
        by_category = ", ".join(f"{count} {category}" for category, count in summary.by_category.items())
        parts.append(f"{_plural(summary.findings, 'finding')} in {summary.flagged} of {files} ({by_category})")
    else:
        parts.append(f"no findings in {files}")
    if summary.errors:
        parts.append(f"{_plural(summary.errors, 'file')} could not be linted")
    return "mail-lint: " + "; ".join(parts) + "."


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
