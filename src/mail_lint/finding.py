"""Values that cross module boundaries: findings, context decisions, file results.

This module imports nothing of mail-lint's own, so every other module can depend on it.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

_MESSAGE_INDEX = re.compile(r"\[\d+\]$")


def input_file(path: str) -> str:
    """The file a result's path names: ``inbox.mbox[3]`` (an mbox message) is in ``inbox.mbox``."""
    return _MESSAGE_INDEX.sub("", path)


class Severity(enum.IntEnum):
    """How strongly a finding argues against sending; ordered so that comparisons work."""

    SUGGESTION = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: object) -> Severity:
        choices = ", ".join(s.label for s in cls)
        if not isinstance(name, str):  # YAML gives 3, [error] or null as they are
            raise ValueError(f"severity must be a name ({choices}), not {name!r}")
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r} (choose from {choices})") from None


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of a draft that falls into a discouraged category."""

    rule_id: str
    message: str
    severity: Severity
    start: int  # offsets into Draft.text; evidence == text[start:end]
    end: int
    line: int  # 1-based, in the file as given
    column: int
    end_line: int
    end_column: int  # exclusive
    evidence: str
    matcher: str  # "phrase" | "token" | "fuzzy" | "check"
    confidence: float
    position: str = "exact"  # "decoded": line and column are within a decoded (base64) body

    @property
    def category(self) -> str:
        return self.rule_id.split(".", 1)[0]

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (self.line, self.column, self.rule_id)


@dataclass(frozen=True, slots=True)
class ContextDecision:
    """The context gate's answer: is this draft a follow-up to a job interview or application?"""

    followup: bool
    score: float
    evidence: tuple[str, ...] = ()
    assumed: bool = False  # True when --assume-followup decided, not the text
    screened: bool = False  # True when the gate screen decided without the pipeline: no score, no evidence


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything mail-lint has to say about one input: findings, or the error that stopped it."""

    path: str
    findings: tuple[Finding, ...] = ()
    context: ContextDecision | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    message_id: str | None = None
    text: str | None = None  # the draft as its reader sees it, for rendered reports
    layout: tuple[tuple[int, int, str], ...] = ()  # (start, end, region kind) covering ``text``

    @property
    def failed(self) -> bool:
        return self.error is not None

    def to_json(self) -> dict:
        """This result as ``--format json`` writes it: one entry of the document's ``files`` (README,
        "JSON output"); ``json.dumps`` of it is that contract's text."""
        from .report.json import file_entry

        return file_entry(self)


@dataclass(frozen=True, slots=True)
class RunSummary:
    """Counts over a whole run, for reporters and the exit code."""

    files: int
    findings: int
    errors: int
    flagged: int = 0  # files with at least one finding
    by_category: dict[str, int] = field(default_factory=dict)
    by_severity: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, results: list[FileResult] | tuple[FileResult, ...]) -> RunSummary:
        tally = Tally()
        for result in results:
            tally.add(result)
        return tally.summary()


class Tally:
    """Counts kept while results stream past (nothing else is kept); ``summary()`` freezes them."""

    def __init__(self) -> None:
        self.files = self.errors = self.findings = self.flagged = 0
        self.by_category: dict[str, int] = {}
        self.by_severity: dict[str, int] = {}

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.errors += result.failed
        self.findings += len(result.findings)
        self.flagged += bool(result.findings)
        for finding in result.findings:
            self.by_category[finding.category] = self.by_category.get(finding.category, 0) + 1
            label = finding.severity.label
            self.by_severity[label] = self.by_severity.get(label, 0) + 1

    def summary(self) -> RunSummary:
        return RunSummary(self.files, self.findings, self.errors, self.flagged,
                          dict(sorted(self.by_category.items())), dict(self.by_severity))
