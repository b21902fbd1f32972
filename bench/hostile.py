"""Hostile and oversized inputs (issue 10): exit status, time and peak memory, before and after.

    python bench/hostile.py                    # before = main, after = this working tree
    python bench/hostile.py --before REV --timeout 120

Inputs are generated into a temporary folder. "Before" runs the source of REV (git archive), "after"
this checkout's src/, both with this interpreter, one process per case, each limited to --timeout
seconds and 4 GB of address space (so that a case that would eat the machine fails instead). Peak
memory is the case's own maximum resident set (os.wait4). Times are wall-clock on a shared machine:
compare the two columns of one run, and the ratios, never figures of different runs.
"""
from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLLOW_UP = "Dear Ms. Park,\n\nThank you for taking the time to interview me for the analyst role.\nI was so nervous.\n"
FILLER = "The quarterly figures for the northern region are in the attached sheet, with the notes.\n\n"
MEMORY_LIMIT = 4 * 1024**3
HEADERS = (b"From: Mark Lee <mark@example.org>\r\nTo: Dana Whitfield <dana@example.com>\r\n"
           b"Subject: My application\r\nMIME-Version: 1.0\r\n")


def generate(folder: Path) -> list[tuple[str, list[str], bytes | None]]:
    """(name, arguments after `python -m mail_lint`, standard input) for each case."""
    cases: list[tuple[str, list[str], bytes | None]] = []
    big = folder / "big"
    big.mkdir()
    (big / "a.txt").write_text(FOLLOW_UP)
    (big / "big.txt").write_text(FOLLOW_UP + FILLER * (1_200_000 // len(FILLER)) + "I was so nervous.\n")
    cases.append(("1.2 MB draft beside a normal one", ["-q", str(big)], None))
    many = folder / "many"
    many.mkdir()
    for index in range(300):
        (many / f"d{index:03}.txt").write_text(FOLLOW_UP)
    (many / "d150-big.txt").write_text((big / "big.txt").read_text())
    cases.append(("301 files, one of 1.2 MB, -j 2", ["-q", "-j", "2", str(many)], None))
    (folder / "ten.txt").write_text(FOLLOW_UP + FILLER * (9_900_000 // len(FILLER)) + "I was so nervous.\n")
    cases.append(("9.9 MB draft", ["-q", str(folder / "ten.txt")], None))

    message = (b"From mark@example.org Mon Nov 23 10:00:00 2026\nFrom: Mark <mark@example.org>\n"
               b"To: Dana <dana@example.com>\nSubject: %s\n\nDear Dana,\n\n%s\n\nMark\n\n")
    flagged = message % (b"Interview", b"Thank you for the interview yesterday. I was so nervous.")
    clean = message % (b"Invoice", b"The invoice for March is attached, with the delivery notes.")
    (folder / "clean.mbox").write_bytes(clean * 5000)
    (folder / "flagged.mbox").write_bytes(flagged * 5000)
    cases.append(("mbox, 5,000 clean messages", ["-q", str(folder / "clean.mbox")], None))
    cases.append(("mbox, 5,000 flagged messages", ["-q", str(folder / "flagged.mbox")], None))
    cases.append(("mbox on stdin, 5,000 clean messages", ["-q", "-"], clean * 5000))
    cases.append(("mbox on stdin, 5,000 flagged messages", ["-q", "-"], flagged * 5000))

    words = "the meeting went on and on with the team and I am so sorry about it all".split()
    sentence = " ".join(words[i % len(words)] for i in range(150_000))
    stopped = " ".join(w + ("." if i % 15 == 14 else "") for i, w in enumerate(sentence.split()))
    (folder / "stops.txt").write_text("Dear Dana,\n\n" + stopped + "\n")
    (folder / "sentence.txt").write_text("Dear Dana,\n\n" + sentence + "\n")
    cases.append(("150,000 words with full stops", ["-q", "--assume-followup", str(folder / "stops.txt")], None))
    cases.append(("150,000 words, one sentence", ["-q", "--assume-followup", str(folder / "sentence.txt")], None))

    pack = folder / "pack"
    pack.mkdir()
    (pack / "mine.yaml").write_text(
        "category: mine\nsummary: s.\nwhy: w.\ninstead: i.\nrules:\n  - id: sorry\n    message: m.\n"
        "    patterns: ['_{0,100000} sorry']\n    examples:\n      fail: [so sorry]\n      pass: [hello]\n")
    cases.append(("pattern _{0,100000} sorry", ["check-patterns", str(pack)], None))
    bomb = folder / "bomb"
    bomb.mkdir()
    # the anchors inside a setting whose error message shows the value it was given
    levels = ['  - &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"  - &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    levels.insert(0, "min-confidence:")
    (bomb / ".mail-lint.yaml").write_text("\n".join(levels) + "\n")
    (bomb / "draft.txt").write_text(FOLLOW_UP)
    cases.append(("YAML alias bomb in .mail-lint.yaml", ["-q", str(bomb / "draft.txt")], None))
    fifo = folder / "fifo"
    fifo.mkdir()
    (fifo / "a.txt").write_text(FOLLOW_UP)
    os.mkfifo(fifo / "b.txt")
    cases.append(("named pipe in a linted folder", ["-q", str(fifo)], None))
    (folder / "draft.txt").write_text(FOLLOW_UP)
    cases.append(("-o into a missing folder", ["-q", "--format", "json", "-o", str(folder / "no" / "r.json"),
                                               str(folder / "draft.txt")], None))

    deliver = ["sendmail", "--", sys.executable, "-c", "import sys; sys.stdin.buffer.read()"]
    attachment = (HEADERS + b'Content-Type: multipart/mixed; boundary="X"\r\n\r\n--X\r\n'
                  b"Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                  b"JVBERi0xLjQK\r\n--X--\r\n")
    cases.append(("hook: only an attachment", deliver, attachment))
    cases.append(("hook: NUL byte in the body", deliver,
                  HEADERS + b"Content-Type: text/plain\r\n\r\nHi Tom,\r\nThe invoice\x00 is attached.\r\n"))
    log = HEADERS + b"Content-Type: text/plain\r\n\r\nHi Tom,\r\n" + b"12:00:00 INFO request served\r\n" * 40_000
    cases.append(("hook: 1.2 MB pasted log", deliver, log))
    return cases


def run(source: Path, arguments: list[str], stdin: bytes | None, timeout: float) -> tuple[str, float, float]:
    """(exit status or what stopped it, seconds, peak MB) of one run of mail-lint from ``source``/src."""
    env = {**os.environ, "PYTHONPATH": str(source / "src"), "PYTHONDONTWRITEBYTECODE": "1"}

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        os.setsid()

    with tempfile.TemporaryFile() as given, tempfile.TemporaryFile() as errors:
        if stdin is not None:
            given.write(stdin)
            given.seek(0)
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "mail_lint", *arguments], cwd=source, env=env,
                                   stdin=given if stdin is not None else subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=errors, preexec_fn=limit)
        killed = False
        while True:  # os.wait4, not Popen.wait: the case's own peak memory comes with its status
            pid, wait_status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                os.killpg(process.pid, signal.SIGKILL)
                pid, wait_status, usage = os.wait4(process.pid, 0)
                killed = True
                break
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(wait_status)  # reaped here, not by Popen
        errors.seek(0)
        stderr = errors.read()
    status = f"killed at {timeout:.0f} s" if killed else str(process.returncode)
    if b"MemoryError" in stderr or b"std::bad_alloc" in stderr:
        status += " (out of memory)"
    elif b"Traceback" in stderr:
        status += " (traceback)"
    return status, elapsed, usage.ru_maxrss / 1024


def archive(rev: str, into: Path) -> Path:
    target = into / "before"
    target.mkdir()
    tar_path = into / "before.tar"
    with open(tar_path, "wb") as handle:
        subprocess.run(["git", "archive", rev, "src", "patterns", "pyproject.toml"], cwd=ROOT, stdout=handle,
                       check=True)
    with tarfile.open(tar_path) as tar:
        tar.extractall(target, filter="data")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="main", help="git revision to compare with (default: main)")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", help="run only the cases whose name contains this")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        before = archive(options.before, folder)
        inputs = folder / "inputs"
        inputs.mkdir()
        cases = [c for c in generate(inputs) if not options.only or options.only in c[0]]
        print(f"| input | before ({options.before}): exit, time, peak | after: exit, time, peak |")
        print("|---|---|---|")
        timings: dict[str, tuple[float, float]] = {}
        for name, arguments, stdin in cases:
            cells = []
            seconds = []
            for source in (before, ROOT):
                status, elapsed, peak = run(source, arguments, stdin, options.timeout)
                cells.append(f"{status}, {elapsed:.1f} s, {peak:.0f} MB")
                seconds.append(elapsed)
            timings[name] = (seconds[0], seconds[1])
            print(f"| {name} | {cells[0]} | {cells[1]} |", flush=True)
        for slow, base in (("mbox, 5,000 flagged messages", "mbox, 5,000 clean messages"),
                           ("mbox on stdin, 5,000 flagged messages", "mbox on stdin, 5,000 clean messages"),
                           ("150,000 words, one sentence", "150,000 words with full stops")):
            if slow in timings and base in timings:
                print(f"\n{slow} / {base}: before {timings[slow][0] / timings[base][0]:.1f}x, "
                      f"after {timings[slow][1] / timings[base][1]:.1f}x")


if __name__ == "__main__":
    main()
