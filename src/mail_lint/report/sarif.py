"""``--format sarif``: SARIF 2.1.0, one run, the rules as the tool's driver rules."""
from __future__ import annotations

import json
from collections.abc import Sequence

from .. import __version__
from ..finding import FileResult, Severity, input_file

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}


def render_sarif(results: Sequence[FileResult], rules: Sequence[dict]) -> str:
    """``rules``: dicts with id, message, why, instead, severity (from the pattern set)."""
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    sarif_results = []
    for result in results:
        for finding in sorted(result.findings, key=lambda f: f.sort_key):
            sarif_results.append({
                "ruleId": finding.rule_id,
                "ruleIndex": index.get(finding.rule_id, -1),
                "level": _LEVELS[finding.severity],
                "message": {"text": f"{finding.message} \"{' '.join(finding.evidence.split())}\""},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(result.path)},
                        "region": {
                            "startLine": finding.line,
                            "startColumn": finding.column,
                            "endLine": finding.end_line,
                            "endColumn": finding.end_column,
                            "snippet": {"text": finding.evidence},
                        },
                    }
                }],
                "properties": {"confidence": finding.confidence, "position": finding.position},
            })
    notifications = [
        {"level": "error", "message": {"text": result.error}, "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": _uri(result.path)}}}]}
        for result in results if result.error
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "mail-lint",
                "version": __version__,
                "informationUri": "https://pypi.org/project/mail-lint/",
                "rules": [_rule(rule) for rule in rules],
            }},
            "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
            "results": sarif_results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(rule: dict) -> dict:
    return {
        "id": rule["id"],
        "shortDescription": {"text": rule["message"]},
        "fullDescription": {"text": rule["why"]},
        "help": {"text": f"{rule['why']}\n\nInstead: {rule['instead']}"},
        "defaultConfiguration": {"level": _LEVELS[rule["severity"]]},
    }


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(input_file(path).replace("\\", "/"), safe="/:<>")
