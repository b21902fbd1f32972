#!/usr/bin/env python3
"""The gate screen changes no finding: every corpus written as files, linted with and without it.

    python bench/screen_check.py [--enron-variants plain] [--json bench/results/screen.json]

For each corpus - ../shared/corpus/enron-train.jsonl (14,410 real emails, one a file, as bench/speed.py
writes them), ../shared/corpus/dev.jsonl and bench/corpus/*.jsonl - and each way a draft reaches
mail-lint (bench/wrap.py: plain, eml, html, jinja; and "named", a reply whose To: line and quoted
attribution name the recipient, so that the greeting-name check has a name to compare), runs
`mail-lint --format json FOLDER` and `mail-lint --no-screen --format json FOLDER` and compares the
`findings` list of every file, byte for byte (as JSON text). Prints, per corpus and variant, the files,
how many the screen decided, the findings, and whether the two runs agree; exits 1 if any differ.
Corpora absent from this machine (../shared) are skipped, saying so.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from wrap import VARIANTS, wrap  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
MAIL_LINT = [sys.executable, "-m", "mail_lint", "--isolated", "--exit-zero", "--format", "json"]


def named(document: dict) -> tuple[str, bytes]:
    """A reply to a named person, quoting a message from them: the greeting-name check can fire."""
    mail = EmailMessage()
    mail["From"] = "Candidate <candidate@example.org>"
    mail["To"] = "Dana Whitfield <dana.whitfield@example.com>"
    mail["Subject"] = "Re: Our conversation"
    mail.set_content(f"{document['text']}\n\nOn Mon, 2 Mar 2026 at 09:12, Dana Whitfield "
                     "<dana.whitfield@example.com> wrote:\n> Thanks for your note.\n")
    return f"{_name(document)}.eml", bytes(mail)


def _name(document: dict) -> str:
    return "".join(c if c.isalnum() or c in ".-" else "_" for c in document["id"])


def documents(path: Path) -> list[dict]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            document = json.loads(line)
            document.setdefault("id", f"{path.stem}-{number:05d}")
            document.setdefault("context", "other")
            found.append(document)
    return found


def write(folder: Path, docs: list[dict], variant: str) -> int:
    folder.mkdir(parents=True)
    for document in docs:
        name, data = named(document) if variant == "named" else wrap(document, variant)
        (folder / name).write_bytes(data)
    return len(docs)


def lint(folder: Path, *options: str) -> tuple[list[dict], float]:
    started = time.perf_counter()
    run = subprocess.run([*MAIL_LINT, *options, str(folder)], capture_output=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - started
    if run.returncode not in (0, 1):
        raise SystemExit(f"mail-lint failed on {folder}: {run.stderr.decode(errors='replace')[:400]}")
    return json.loads(run.stdout)["files"], seconds


def compare(folder: Path) -> dict:
    screened, with_screen = lint(folder)
    full, without_screen = lint(folder, "--no-screen")
    same_files = [Path(f["path"]).name for f in screened] == [Path(f["path"]).name for f in full]
    differing = [Path(a["path"]).name for a, b in zip(screened, full, strict=False)
                 if json.dumps(a["findings"], sort_keys=True) != json.dumps(b["findings"], sort_keys=True)]
    refused_by_both = all(not b["context"]["followup"] for a, b in zip(screened, full, strict=False)
                          if a["context"]["screened"])
    return {
        "files": len(screened),
        "screened": sum(1 for f in screened if f["context"]["screened"]),
        "findings": sum(len(f["findings"]) for f in screened),
        "identical": same_files and not differing and refused_by_both,
        "differing": differing[:20],
        "seconds with / without the screen": [round(with_screen, 2), round(without_screen, 2)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enron-variants", default="plain", help="variants for the Enron corpus (comma-separated)")
    parser.add_argument("--variants", default=",".join((*VARIANTS, "named")), help="variants for the other corpora")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "screen.json")
    args = parser.parse_args()
    corpora = [(SHARED / "enron-train.jsonl", args.enron_variants.split(",")),
               (SHARED / "dev.jsonl", args.variants.split(","))]
    corpora += [(path, args.variants.split(",")) for path in sorted((ROOT / "bench" / "corpus").glob("*.jsonl"))]
    results: dict[str, dict] = {}
    work = Path(tempfile.mkdtemp(prefix="mail-lint-screen-"))
    try:
        for path, variants in corpora:
            if not path.exists():
                print(f"{path}: absent; skipped", file=sys.stderr)
                continue
            docs = documents(path)
            for variant in variants:
                folder = work / f"{path.stem}-{variant}"
                write(folder, docs, variant)
                entry = results[f"{path.name} {variant}"] = compare(folder)
                shutil.rmtree(folder)
                print(f"{path.name:<22} {variant:<6} {entry['files']:>6} files, {entry['screened']:>6} screened, "
                      f"{entry['findings']:>4} findings, identical: {'yes' if entry['identical'] else 'NO'}  "
                      f"({entry['seconds with / without the screen'][0]:.1f} s / "
                      f"{entry['seconds with / without the screen'][1]:.1f} s)", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(entry["identical"] for entry in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
