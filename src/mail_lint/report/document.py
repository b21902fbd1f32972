"""The one data object every rendered report (HTML, Markdown, a user's --template) receives.

    report.version            1
    report.tool               {name, version}
    report.summary            {files, linted, flagged, clean, errors, findings, by_category, by_severity}
    report.categories         [{id, label, colour, background, line, summary, why, instead, count}]  - the
                              legend, in the categories' own order (their pattern files say it)
    report.category_css       CSS rules .cat-<id> for every category, made from its colours and line
    report.advice             [str]  - what to do instead of sending, for drafts that should not go
    report.files              [file], worst first (most findings, then errors, then path):
      file.path, file.verdict ("clean" | "don't send this: ..." | "not linted: ..."), file.status
      ("clean" | "flagged" | "error"), file.error, file.warnings
      file.context            {followup, score, evidence, assumed, screened} or None
      file.findings           [{number, rule, category, category_label, severity, message, why, instead,
                                line, column, evidence}]
      file.segments           [{text, kind ("subject" | "body" | "quote" | "forward" | "signature"),
                                own (bool), numbers ([finding numbers covering it]), category (or None)}]

Everything taken from a draft stays plain text here; templates escape it (HTML autoescape).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .. import __version__
from ..finding import FileResult, RunSummary

_CSS_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ADVICE = [
    "An employer hires for what you can do now, not later: no letter changes the decision.",
    "Reflect instead of writing: did the job's requirements match your real expertise?",
    "How did the interviewer and the company behave - is this a place you want to work?",
    "Do you want this job for more than the money?",
    "Then move on to the next application, as actors do after an audition.",
]


def report_document(results: Sequence[FileResult], categories: Sequence[dict], rules: dict[str, dict]) -> dict:
    """``categories``: [{id, label, colour, background, line, summary, why, instead}], in legend order;
    ``rules``: rule id -> {why, instead}."""
    summary = RunSummary.of(results)
    counts = summary.by_category
    legend = [{**category, "count": counts.get(category["id"], 0)} for category in categories]
    labels = {c["id"]: c["label"] for c in legend}
    files = [_file(result, labels, rules) for result in results]
    files.sort(key=lambda f: (-len(f["findings"]), f["status"] != "error", f["path"]))
    flagged = summary.flagged
    return {
        "version": 1,
        "tool": {"name": "mail-lint", "version": __version__},
        "summary": {
            "files": summary.files,
            "linted": summary.files - summary.errors,
            "flagged": flagged,
            "clean": summary.files - summary.errors - flagged,
            "errors": summary.errors,
            "findings": summary.findings,
            "by_category": counts,
            "by_severity": summary.by_severity,
        },
        "categories": legend,
        "category_css": category_css(categories),
        "advice": ADVICE,
        "files": files,
    }


def category_css(categories: Sequence[dict]) -> str:
    """One CSS line per category: its underline, colours and tag. The values were checked when the pattern
    files were loaded (#rrggbb colours, a known line style); an id that is not plain kebab-case gets none."""
    lines = []
    for category in categories:
        name, colour = category["id"], category["colour"]
        if not _CSS_ID.match(name):
            continue
        line = category["line"]
        underline = (f"border-bottom-style: solid; border-bottom-width: 2px; outline: 1px dashed {colour};"
                     if line == "outlined" else f"border-bottom-style: {line};")
        lines.append(f".cat-{name} {{ {underline} border-color: {colour}; background: {category['background']}; }} "
                     f".cat-{name} sup, .tag.cat-{name} {{ background: {colour}; }}")
    return "\n".join(lines)


def _file(result: FileResult, labels: dict[str, str], rules: dict[str, dict]) -> dict:
    findings = []
    for number, finding in enumerate(sorted(result.findings, key=lambda f: f.sort_key), 1):
        rule = rules.get(finding.rule_id, {})
        findings.append({
            "number": number,
            "rule": finding.rule_id,
            "category": finding.category,
            "category_label": labels.get(finding.category, finding.category),
            "severity": finding.severity.label,
            "message": finding.message,
            "why": rule.get("why", ""),
            "instead": rule.get("instead", ""),
            "line": finding.line,
            "column": finding.column,
            "evidence": finding.evidence,
            "start": finding.start,
            "end": finding.end,
        })
    if result.error:
        status, verdict = "error", f"not linted: {result.error}"
    elif findings:
        categories = {f["category"] for f in findings}
        status = "flagged"
        verdict = (f"don't send this: {len(findings)} finding{'s' if len(findings) != 1 else ''} "
                   f"in {len(categories)} categor{'ies' if len(categories) != 1 else 'y'}")
    else:
        status, verdict = "clean", "clean"
    context = None
    if result.context is not None:
        context = {"followup": result.context.followup, "score": result.context.score,
                   "evidence": list(result.context.evidence), "assumed": result.context.assumed,
                   "screened": result.context.screened}
    return {
        "path": result.path,
        "status": status,
        "verdict": verdict,
        "error": result.error,
        "warnings": list(result.warnings),
        "context": context,
        "findings": findings,
        "segments": segments(result.text or "", result.layout, findings),
    }


def segments(text: str, layout: Sequence[tuple[int, int, str]], findings: Sequence[dict]) -> list[dict]:
    """Cut ``text`` wherever a region or a finding starts or ends."""
    if not text:
        return []
    cuts = {0, len(text)}
    for start, end, _ in layout:
        cuts.update((start, end))
    for finding in findings:
        cuts.update((finding["start"], finding["end"]))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    result: list[dict] = []
    for start, end in zip(points, points[1:], strict=False):
        if start == end:
            continue
        kind = next((k for s, e, k in layout if s <= start < e), "body")
        covering = [f for f in findings if f["start"] <= start < f["end"]]
        piece = {
            "text": text[start:end],
            "kind": kind,
            "own": kind in ("body", "subject"),
            "numbers": [f["number"] for f in covering],
            "category": covering[0]["category"] if covering else None,
        }
        previous = result[-1] if result else None
        if previous and all(previous[k] == piece[k] for k in ("kind", "numbers", "category")):
            previous["text"] += piece["text"]
        else:
            result.append(piece)
    return result
