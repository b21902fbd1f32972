#!/usr/bin/env python3
"""Accuracy of mail-lint on labelled emails, beside a plain word-list linter measured in the same run.

    python bench/accuracy.py [--corpus FILE.jsonl ...] [--json OUT] [--show-errors]

Default corpora: bench/corpus/*.jsonl (written for this project), ../shared/corpus/dev.jsonl (real
published emails) and ../shared/corpus/enron-train.jsonl (14,410 real business emails, none a follow-up:
the measure of how often ordinary mail is refused); the shared ones are absent in a user's clone.
Per category: precision, recall and F1 at document
level over every document (a finding on a non-follow-up counts as a false positive); the share of
ordinary and of other hiring emails with any finding; the share of labelled evidence spans that a
finding of the right category overlaps.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mail_lint.config import Settings  # noqa: E402
from mail_lint.linter import Linter  # noqa: E402
from mail_lint.patterns import CATEGORY_IDS, load_patterns  # noqa: E402
from mail_lint.sources import load_drafts  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from readme_block import write_block  # noqa: E402
from wrap import VARIANTS, wrap  # noqa: E402

DEFAULT_CORPORA = [  # the shared corpus last: its rows end the summary table
    *sorted((ROOT / "bench" / "corpus").glob("*.jsonl")),
    ROOT.parent / "shared" / "corpus" / "dev.jsonl",
    ROOT.parent / "shared" / "corpus" / "enron-train.jsonl",
]

# The baseline: what a Vale "existence" style or a Just-Not-Sorry-like extension does.
WORD_LIST = {
    "thank-you": ["thank", "thanks", "grateful", "appreciate", "gratitude"],
    "second-chance": ["reconsider", "another chance", "second chance", "keep me in mind", "another interview"],
    "excuse": ["sick", "ill", "nervous", "anxious", "traffic", "headache", "divorce", "internet", "sleep",
               "emergency", "accident"],
    "apology": ["sorry", "apologise", "apologize", "apology", "apologies", "regret"],
    "feedback-request": ["feedback", "pointers", "advice", "improve", "what went wrong"],
}


@dataclass
class Prediction:
    categories: set[str]
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    findings: list[tuple[str, str]] = field(default_factory=list)  # (rule id, evidence)


def load(paths: list[Path]) -> list[dict]:
    documents = []
    for path in paths:
        if not path.exists():
            print(f"(skipping {path}: not found)", file=sys.stderr)
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                document = json.loads(line)
                document.setdefault("id", f"{path.name}:{number}")
                document["corpus"] = path.name
                documents.append(document)
    return documents


def predict_mail_lint(documents: list[dict], variant: str = "plain", screen: bool = True) -> list[Prediction]:
    """Lint every document as the command line would read it, in one of the wrap variants (with the gate
    screen, as users get it; ``screen=False``: the full gate on every draft, the same findings)."""
    linter = Linter(load_patterns(), Settings(), screen=screen)
    inputs = [wrap(document, variant) for document in documents]
    drafts = [item for name, data in inputs for item in load_drafts(name, data)]
    predictions = []
    for document, result in zip(documents, linter.lint(drafts), strict=True):
        prediction = Prediction({f.category for f in result.findings})
        for finding in result.findings:
            prediction.findings.append((finding.rule_id, " ".join(finding.evidence.split())))
            span = _span_in(document["text"], finding.evidence, finding.start, variant)
            if span:
                prediction.spans.setdefault(finding.category, []).append(span)
        predictions.append(prediction)
    return predictions


def _span_in(text: str, evidence: str, start: int, variant: str) -> tuple[int, int] | None:
    """Where a finding's evidence stands in the document's own text (wrapping moves it)."""
    if variant == "plain":
        return start, start + len(evidence)
    pieces = [" ".join(piece.split()) for piece in re.split(r"\{\{.*?\}\}", evidence)]  # jinja: placeholders
    if not any(pieces):
        return None
    pattern = r".{1,80}?".join(r"\s+".join(re.escape(w) for w in piece.split()) for piece in pieces)
    match = re.search(pattern, text, re.DOTALL)
    return match.span() if match else None


def predict_word_list(documents: list[dict]) -> list[Prediction]:
    compiled = {
        category: re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
        for category, words in WORD_LIST.items()
    }
    predictions = []
    for document in documents:
        prediction = Prediction(set())
        for category, pattern in compiled.items():
            spans = [m.span() for m in pattern.finditer(document["text"])]
            if spans:
                prediction.categories.add(category)
                prediction.spans[category] = spans
        predictions.append(prediction)
    return predictions


def score(documents: list[dict], predictions: list[Prediction]) -> dict:
    per_category = {}
    for category in CATEGORY_IDS:
        tp = fp = fn = 0
        for document, prediction in zip(documents, predictions, strict=True):
            labelled = category in document.get("labels", [])
            predicted = category in prediction.categories
            tp += labelled and predicted
            fp += predicted and not labelled
            fn += labelled and not predicted
        per_category[category] = category_figures(tp, fp, fn)
    flagged = {}
    for context in ("other", "interview-other", "followup"):
        group = [(d, p) for d, p in zip(documents, predictions, strict=True) if d["context"] == context]
        flagged[context] = {
            "documents": len(group),
            "flagged": sum(1 for _, p in group if p.categories),
        }
    covered = total = 0
    for document, prediction in zip(documents, predictions, strict=True):
        for category, evidence in document.get("evidence", {}).items():
            for quote in evidence:
                start = document["text"].find(quote)
                if start < 0:
                    continue
                total += 1
                end = start + len(quote)
                covered += any(s < end and start < e for s, e in prediction.spans.get(category, []))
    return figures(per_category, flagged, covered, total)


def category_figures(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def figures(per_category: dict, flagged: dict, covered: int, total: int) -> dict:
    return {
        "categories": per_category,
        "macro_f1": sum(c["f1"] for c in per_category.values()) / len(per_category),
        "flagged": flagged,
        "evidence": {"covered": covered, "total": total, "share": covered / total if total else 1.0},
    }


def pooled(results: list[dict]) -> dict:
    """Several corpora's figures as one corpus: counts added, rates worked out again from them."""
    per_category = {category: category_figures(*(sum(r["categories"][category][key] for r in results)
                                                  for key in ("tp", "fp", "fn")))
                    for category in CATEGORY_IDS}
    flagged = {context: {key: sum(r["flagged"][context][key] for r in results) for key in ("documents", "flagged")}
               for context in ("other", "interview-other", "followup")}
    return figures(per_category, flagged, sum(r["evidence"]["covered"] for r in results),
                   sum(r["evidence"]["total"] for r in results))


def show_errors(documents: list[dict], predictions: list[Prediction]) -> None:
    for document, prediction in zip(documents, predictions, strict=True):
        labels = set(document.get("labels", []))
        missed, extra = labels - prediction.categories, prediction.categories - labels
        if missed or extra:
            print(f"  {document['id']} ({document['context']}): missed {sorted(missed)} extra {sorted(extra)}")
            if not labels:  # what fired on mail that should be left alone
                for rule_id, evidence in prediction.findings:
                    print(f"      {rule_id}: {evidence[:120]!r}")


def is_ordinary_mail(documents: list[dict]) -> bool:
    """A corpus of ordinary mail only (enron-train): its figure is the share flagged, and what was flagged."""
    return all(document["context"] == "other" for document in documents)


def show_flagged(documents: list[dict], predictions: list[Prediction]) -> None:
    """Every flagged document of an ordinary-mail corpus, with its findings, to stderr."""
    for document, prediction in zip(documents, predictions, strict=True):
        if prediction.categories:
            findings = "; ".join(f"{rule_id}: {evidence[:100]!r}" for rule_id, evidence in prediction.findings)
            print(f"  flagged {document['id']}: {findings}", file=sys.stderr)


def table(name: str, result: dict) -> str:
    lines = [f"{name}", f"  {'category':<18} {'P':>5} {'R':>5} {'F1':>5}  tp fp fn"]
    for category, c in result["categories"].items():
        lines.append(
            f"  {category:<18} {c['precision']:5.2f} {c['recall']:5.2f} {c['f1']:5.2f}"
            f"  {c['tp']:2} {c['fp']:2} {c['fn']:2}"
        )
    lines.append(f"  {'macro F1':<18} {result['macro_f1']:17.2f}")
    for context, counts in result["flagged"].items():
        share = counts["flagged"] / counts["documents"] if counts["documents"] else 0.0
        lines.append(f"  flagged {context:<16} {counts['flagged']:3}/{counts['documents']:<3} = {share:6.2%}")
    evidence = result["evidence"]
    share = f"{evidence['covered']:3}/{evidence['total']:<3} = {evidence['share']:5.1%}"
    lines.append(f"  evidence spans covered   {share}")
    return "\n".join(lines)


VARIANT_NAMES = {"plain": "plain", "eml": ".eml reply", "html": "HTML email", "jinja": "Jinja template"}
RESULTS = ROOT / "bench" / "results"


def readme_tables(report: dict, firsts: dict[int, dict]) -> str:
    """The README's accuracy block: the shared corpora and the project's own (pooled) from one full run, and
    the first measurement of every blind batch (bench/results/first-bN.json)."""
    corpora = report["corpora"]
    own = sorted(name for name in corpora if name.startswith("own"))
    rows = []

    def row(corpus: str, linter: str, result: dict, ordinary_only: bool = False) -> None:
        flagged = result["flagged"]
        shares = {k: f"{v['flagged'] / v['documents']:.{2 if ordinary_only else 0}%}"
                     + (f" ({v['flagged']})" if ordinary_only else "") if v["documents"] else "-"
                  for k, v in flagged.items()}
        if ordinary_only:
            rows.append(f"| {corpus} | {linter} | - | - | {shares['other']} | - | - |")
            return
        lowest = min(c["f1"] for c in result["categories"].values())
        rows.append(f"| {corpus} | {linter} | {result['macro_f1']:.2f} | {lowest:.2f} | {shares['other']} | "
                    f"{shares['interview-other']} | {result['evidence']['share']:.0%} |")

    def variants(entry: dict) -> list[str]:
        return [key.split("/", 1)[1] for key in entry if key.startswith("mail-lint/")]

    for name, label in (("dev.jsonl", "dev"), ("enron-train.jsonl", "enron-train")):
        entry = corpora.get(name)
        if entry is None:
            continue
        ordinary = is_ordinary_result(entry["mail-lint/plain"])
        size = sum(v["documents"] for v in entry["word-list"]["flagged"].values())
        row(f"{label} ({size:,})", "word list", entry["word-list"], ordinary)
        if ordinary and all(entry[f"mail-lint/{v}"]["flagged"] == entry["mail-lint/plain"]["flagged"]
                            for v in variants(entry)):
            row(f"{label} ({size:,})", "mail-lint, plain (and every wrapping)", entry["mail-lint/plain"], True)
            continue
        for variant in variants(entry):
            row(f"{label} ({size:,})", f"mail-lint, {VARIANT_NAMES[variant]}", entry[f"mail-lint/{variant}"], ordinary)
    if own:
        size = sum(sum(v["documents"] for v in corpora[n]["word-list"]["flagged"].values()) for n in own)
        label = f"bench/corpus ({len(own)} files, {size:,} drafts, pooled)"
        row(label, "word list", pooled([corpora[n]["word-list"] for n in own]))
        for variant in variants(corpora[own[0]]):
            row(label, f"mail-lint, {VARIANT_NAMES[variant]}",
                pooled([corpora[n][f"mail-lint/{variant}"] for n in own]))
        lowest = min(own, key=lambda n: corpora[n]["mail-lint/plain"]["macro_f1"])
        rows += ["", f"Lowest plain macro F1 of a single `bench/corpus` file: "
                     f"{corpora[lowest]['mail-lint/plain']['macro_f1']:.2f} ({lowest})."]
    lines = [f"Latest full run, {report['date']} (`python bench/accuracy.py`):", "",
             "| corpus | linter | macro F1 | lowest category F1 | ordinary mail flagged | other hiring mail flagged "
             "| evidence spans covered |", "|---|---|---|---|---|---|---|", *rows]
    if firsts:
        lines += ["", "First measurement of each blind batch (`bench/results/first-bN.json`), before any rule was "
                  "changed for it:", "", "| batch | macro F1 plain / .eml reply | negatives flagged (plain) |",
                  "|---|---|---|"]
        for batch, first in sorted(firsts.items()):
            entry = next(iter(first["corpora"].values()))
            plain, eml = entry["mail-lint/plain"], entry.get("mail-lint/eml")
            negatives = [plain["flagged"][k] for k in ("other", "interview-other")]
            lines.append(f"| {batch} | {plain['macro_f1']:.2f} / {eml['macro_f1']:.2f} | "
                         f"{sum(n['flagged'] for n in negatives)} of {sum(n['documents'] for n in negatives)} |"
                         if eml else f"| {batch} | {plain['macro_f1']:.2f} / - | - |")
    return "\n".join(lines) + "\n"


def is_ordinary_result(result: dict) -> bool:
    return result["flagged"]["followup"]["documents"] == result["flagged"]["interview-other"]["documents"] == 0


def first_measurements() -> dict[int, dict]:
    return {int(path.stem.removeprefix("first-b")): json.loads(path.read_text(encoding="utf-8"))
            for path in RESULTS.glob("first-b*.json")}


def update_readme(report: dict) -> None:
    write_block("accuracy", readme_tables(report, first_measurements()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="a JSONL corpus (repeatable)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "accuracy.json")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help=f"wrap variants to measure, comma-separated (default: {','.join(VARIANTS)})")
    parser.add_argument("--show-errors", action="store_true", help="list the documents mail-lint gets wrong")
    parser.add_argument("--no-screen", action="store_true", help="run the full context gate on every draft")
    parser.add_argument("--readme", action="store_true",
                        help="measure nothing: write the figures in --json and the blind batches' first "
                             "measurements into the README's accuracy tables")
    args = parser.parse_args()
    if args.readme:
        update_readme(json.loads(args.json.read_text(encoding="utf-8")))
        return 0
    corpora = args.corpus or DEFAULT_CORPORA
    variants = [v for v in args.variants.split(",") if v]
    report = {"date": time.strftime("%Y-%m-%d"), "corpora": {}}
    summary = []
    for path in corpora:
        documents = load([path])
        if not documents:
            continue
        baseline = score(documents, predict_word_list(documents))
        entry = {"word-list": baseline}
        print(f"== {path.name}: {len(documents)} documents")
        print(table("word list (baseline)", baseline))
        summary.append((path.name, "word list", baseline))
        for variant in variants:
            started = time.perf_counter()
            predictions = predict_mail_lint(documents, variant, screen=not args.no_screen)
            seconds = time.perf_counter() - started
            result = score(documents, predictions)
            entry[f"mail-lint/{variant}"] = result
            summary.append((path.name, f"mail-lint {variant}", result))
            if variant == "plain":
                print(table(f"mail-lint ({seconds:.1f} s)", result))
                if is_ordinary_mail(documents):
                    show_flagged(documents, predictions)
                elif args.show_errors:
                    show_errors(documents, predictions)
        report["corpora"][path.name] = entry
    if not report["corpora"]:
        print("no corpus found", file=sys.stderr)
        return 2
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\n{'corpus':<18} {'linter':<16} {'macroF1':>7} {'min F1':>6} {'other':>6} {'hiring':>6} {'evid.':>6}")
    for corpus, name, result in summary:
        flagged = result["flagged"]
        share = {k: v["flagged"] / v["documents"] if v["documents"] else 0.0 for k, v in flagged.items()}
        lowest = min(c["f1"] for c in result["categories"].values())
        print(f"{corpus:<18} {name:<16} {result['macro_f1']:7.2f} {lowest:6.2f} {share['other']:6.2%} "
              f"{share['interview-other']:6.1%} {result['evidence']['share']:6.1%}")
    where = args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json
    print(f"figures written to {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
