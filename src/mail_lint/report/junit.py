"""``--format junit``: JUnit XML, a testsuite per run, a testcase per file, a failure per finding."""
from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree

from ..finding import FileResult, RunSummary
from .visible import one_line, visible


def render_junit(results: Sequence[FileResult]) -> str:
    summary = RunSummary.of(results)
    suite = ElementTree.Element("testsuite", {
        "name": "mail-lint",
        "tests": str(len(results)),
        "failures": str(sum(1 for r in results if r.findings)),
        "errors": str(summary.errors),
    })
    for result in results:
        case = ElementTree.SubElement(suite, "testcase", {"classname": "mail-lint", "name": one_line(result.path)})
        if result.error:
            ElementTree.SubElement(case, "error", {"message": one_line(result.error)})
        for finding in sorted(result.findings, key=lambda f: f.sort_key):
            evidence = visible(" ".join(finding.evidence.split()))
            failure = ElementTree.SubElement(case, "failure", {
                "type": finding.rule_id,
                "message": f"{finding.line}:{finding.column}: {finding.severity.label} {finding.rule_id}",
            })
            failure.text = (f"{one_line(result.path)}:{finding.line}:{finding.column}: {visible(finding.message)} "
                            f"\"{evidence}\"")
    ElementTree.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suite, encoding="unicode") + "\n"
