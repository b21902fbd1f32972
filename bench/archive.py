#!/usr/bin/env python3
"""Memory of mail-lint over a mail archive: peak RSS linting an mbox and a Maildir of 10k and 100k messages.

    python bench/archive.py [--sizes 10000,100000] [--json bench/results/archive.json]

The archives are generated (bench/corpus_gen.py's drafts as quoted-printable replies, a few per cent
of them interview follow-ups with findings). Each is linted by `mail-lint --format text` (streamed:
nothing is kept but counts) and by the library (`Linter().lint_paths`, results dropped as they come).
Memory must not grow with the archive: the figure that matters is the ratio of peak RSS at 100k to
peak RSS at 10k, against `python -c "import spacy; spacy.blank('en')"` measured in the same run.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from corpus_gen import QUOTE, draft_text  # noqa: E402

PYTHON = sys.executable
LIBRARY = """
import sys
from mail_lint import Linter
count = sum(1 for _ in Linter().lint_paths([sys.argv[1]]))
print(count)
"""


def message(index: int, rng, followup_share: float = 0.04) -> bytes:
    followup = rng.random() < followup_share
    mail = EmailMessage()
    mail["From"] = "Mark Lee <mark@example.org>"
    mail["To"] = "Dana Whitfield <dana@example.com>"
    mail["Subject"] = "Re: Interview" if followup else "Re: Budget"
    mail["Message-ID"] = f"<{index}.bench@example.org>"
    mail.set_content(draft_text(rng, followup) + "\n" + QUOTE, cte="quoted-printable")
    return bytes(mail)


def write_mbox(path: Path, count: int, seed: int = 7) -> Path:
    import random

    rng = random.Random(seed)
    with open(path, "wb") as out:
        for index in range(count):
            body = message(index, rng).replace(b"\nFrom ", b"\n>From ")
            out.write(b"From mark@example.org Mon Mar  2 09:12:00 2026\n" + body.rstrip(b"\n") + b"\n\n")
    return path


def write_maildir(folder: Path, count: int, seed: int = 7) -> Path:
    import random

    rng = random.Random(seed)
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (folder / "cur" / f"{1767225600 + index}.M{index}P1.bench:2,S").write_bytes(message(index, rng))
    return folder


def measured(command: list[str]) -> dict:
    before = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - before
    peak = int(run.stderr.strip().splitlines()[-1])
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(peak / 1024, 1), "status": run.returncode}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="archive sizes (messages)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "archive.json")
    parser.add_argument("--compare-src", type=Path, metavar="SRC",
                        help="also lint an mbox of 8,000 messages (under the old 10 MB limit) with the mail_lint "
                             "package in SRC (e.g. an older checkout's src/), beside this one")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results: dict = {"floor": measured([PYTHON, "-c", "import spacy; spacy.blank('en')"]), "archives": {}}
    if args.compare_src:
        with tempfile.TemporaryDirectory() as scratch:
            mbox = str(write_mbox(Path(scratch) / "archive-8000.mbox", 8000))
            command = [PYTHON, "-m", "mail_lint", "-q", "--format", "text", mbox]
            results["8000 messages, one mbox"] = {
                "this mail-lint": measured(command),
                f"mail_lint from {args.compare_src}": measured(["env", f"PYTHONPATH={args.compare_src}", *command]),
            }
            print(json.dumps(results["8000 messages, one mbox"]), flush=True)
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            mbox = write_mbox(Path(scratch) / f"archive-{size}.mbox", size)
            maildir = write_maildir(Path(scratch) / f"maildir-{size}", size)
            row = {
                "mbox_mb": round(mbox.stat().st_size / 1e6, 1),
                "mbox cli": measured([PYTHON, "-m", "mail_lint", "-q", "--format", "text", str(mbox)]),
                "mbox library": measured([PYTHON, "-c", LIBRARY, str(mbox)]),
                "maildir cli": measured([PYTHON, "-m", "mail_lint", "-q", "--format", "text", str(maildir)]),
            }
            results["archives"][str(size)] = row
            print(size, json.dumps(row), flush=True)
            mbox.unlink()
    floor = results["floor"]["peak_rss_mb"]
    if len(sizes) >= 2:
        small, large = (results["archives"][str(s)] for s in (sizes[0], sizes[-1]))
        results["ratios"] = {
            key: {
                f"peak RSS {sizes[-1]} / {sizes[0]}": round(large[key]["peak_rss_mb"] / small[key]["peak_rss_mb"], 2),
                f"peak RSS {sizes[-1]} / floor": round(large[key]["peak_rss_mb"] / floor, 2),
                f"seconds per 1k messages at {sizes[-1]} / at {sizes[0]}": round(
                    (large[key]["seconds"] / sizes[-1]) / (small[key]["seconds"] / sizes[0]), 2),
            }
            for key in ("mbox cli", "mbox library", "maildir cli")
        }
    print(json.dumps(results.get("ratios", {}), indent=2))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
