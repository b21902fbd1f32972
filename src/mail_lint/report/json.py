"""``--format json``: a versioned public contract (see README, "JSON output")."""
from __future__ import annotations

import json
from collections.abc import Sequence

from .. import JSON_FORMAT_VERSION
from ..finding import ContextDecision, FileResult, Finding, RunSummary


def render_json(results: Sequence[FileResult]) -> str:
    summary = RunSummary.of(results)
    document = {
        "version": JSON_FORMAT_VERSION,
        "files": [file_entry(result) for result in results],
        "summary": {
            "files": summary.files,
            "findings": summary.findings,
            "errors": summary.errors,
            "by_category": summary.by_category,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def file_entry(result: FileResult) -> dict:
    """One result as an entry of the document's ``files`` (``FileResult.to_json()``)."""
    return {
        "path": result.path,
        "context": _context(result.context),
        "findings": [_finding(f) for f in sorted(result.findings, key=lambda f: f.sort_key)],
        "error": result.error,
        "warnings": list(result.warnings),
        "message_id": result.message_id,
    }


def _context(context: ContextDecision | None) -> dict | None:
    if context is None:
        return None
    return {
        "followup": context.followup,
        "score": context.score,
        "evidence": list(context.evidence),
        "assumed": context.assumed,
        "screened": context.screened,
    }


def _finding(finding: Finding) -> dict:
    return {
        "rule": finding.rule_id,
        "category": finding.category,
        "severity": finding.severity.label,
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "evidence": finding.evidence,
        "confidence": finding.confidence,
        "matcher": finding.matcher,
        "position": finding.position,
    }
