"""The default output: ``path:line:col: severity rule-id message "evidence"``, one finding a line."""
from __future__ import annotations

from collections.abc import Sequence

from ..finding import FileResult, Finding, Severity

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
    evidence = " ".join(finding.evidence.split())
    return f'{path}:{finding.line}:{finding.column}: {severity} {rule} {finding.message} "{evidence}"'


class Tally:
    """Counts for the summary line, kept while results stream past (nothing else is kept)."""

    def __init__(self) -> None:
        self.files = self.errors = self.findings = self.flagged = 0
        self.by_category: dict[str, int] = {}

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.errors += result.failed
        self.findings += len(result.findings)
        self.flagged += bool(result.findings)
        for finding in result.findings:
            self.by_category[finding.category] = self.by_category.get(finding.category, 0) + 1


def render_summary(results: Sequence[FileResult] | Tally) -> str:
    """One line for stderr: what was linted and what was found."""
    tally = results if isinstance(results, Tally) else _tally(results)
    files = _plural(tally.files - tally.errors, "file")
    parts = []
    if tally.findings:
        by_category = ", ".join(f"{count} {category}" for category, count in sorted(tally.by_category.items()))
        parts.append(f"{_plural(tally.findings, 'finding')} in {tally.flagged} of {files} ({by_category})")
    else:
        parts.append(f"no findings in {files}")
    if tally.errors:
        parts.append(f"{_plural(tally.errors, 'file')} could not be linted")
    return "mail-lint: " + "; ".join(parts) + "."


def _tally(results: Sequence[FileResult]) -> Tally:
    tally = Tally()
    for result in results:
        tally.add(result)
    return tally


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
