#!/usr/bin/env python3
"""Speed and memory of mail-lint beside its floors and peers, measured in one run (ratios, not seconds).

    python bench/speed.py [--sizes 1000,10000,50000] [--runs 5] [--real-runs 3] [--parts startup,batch,real]

The machine is shared and noisy: every figure is a median of alternating runs, and each is reported
as a ratio to a floor measured in the same run:
  cold start   `mail-lint examples/reply-with-quote.eml` and a follow-up through the sendmail hook
               against `python -c "import spacy; spacy.blank('en')"`; ordinary mail through the hook
               (decided by the gate screen, without spaCy) against `python -c "import spacy"`
  instant      --help, --version, `rule ID` against `python -c pass` and `python -c "import spacy"`
  batch        `mail-lint DIR` over generated drafts against spaCy's tokenizer + sentence splitting over
               the same texts in one process; peak RSS; 1k / 10k / 50k drafts; --jobs 2 against
               --jobs 1; ten times the patterns through a custom pattern pack
  peers        proselint (when installed) and a plain word-list linter over the same folder
  real mail    ../shared/corpus/enron-train.jsonl written one email a file (14,410 files): mail-lint
               against the tokenizer + sentence floor over the same files, peak RSS, --jobs 2 against
               --jobs 1, and the findings of --jobs 1 and --jobs 2 compared; the same with --no-screen
               (every email through the spaCy pipeline, what the gate screen saves), its findings
               compared too (skipped, saying so, when ../shared is absent)
Writes bench/results/speed.json and prints a table.

    python bench/speed.py --dask [--sizes 5000] [--runs 3]

measures only `mail-lint --dask-scheduler` with one and two local workers against the single process
(bench/results/dask.json).
"""
from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from corpus_gen import generate  # noqa: E402
from readme_block import write_block  # noqa: E402

ENRON = ROOT.parent / "shared" / "corpus" / "enron-train.jsonl"
PYTHON = sys.executable
MAIL_LINT = [PYTHON, "-m", "mail_lint"]
FLOOR_BATCH = """
import sys, time, spacy
from pathlib import Path
nlp = spacy.blank("en"); nlp.add_pipe("sentencizer")
texts = (p.read_text(encoding="utf-8", errors="replace") for p in sorted(Path(sys.argv[1]).iterdir()))
for doc in nlp.pipe(texts, batch_size=256):
    pass
"""
WORD_LIST = """
import re, sys
from pathlib import Path
words = re.compile(r"\\b(thank|thanks|grateful|appreciate|reconsider|second chance|sorry|apologi[sz]e|apology|"
                   r"nervous|sick|traffic|feedback|pointers|improve)\\b", re.I)
count = 0
for path in sorted(Path(sys.argv[1]).iterdir()):
    count += len(words.findall(path.read_text(encoding="utf-8", errors="replace")))
print(count)
"""


def timed(command: list[str], stdin: bytes | None = None, cwd: Path = ROOT) -> tuple[float, int, int]:
    """(seconds, exit status, peak RSS of the child in KiB) of one run."""
    before = time.perf_counter()
    measured = ["/usr/bin/time", "-f", "%M", *command] if Path("/usr/bin/time").exists() else command
    run = subprocess.run(measured, input=stdin, cwd=cwd, capture_output=True, check=False)
    seconds = time.perf_counter() - before
    rss = 0
    lines = run.stderr.decode(errors="replace").strip().splitlines()
    if lines and lines[-1].strip().isdigit():
        rss = int(lines[-1].strip())
    return seconds, run.returncode, rss


def alternate(commands: dict[str, list[str]], runs: int, stdin: dict[str, bytes] | None = None) -> dict[str, dict]:
    """Run the commands in turn, ``runs`` times each, alternating; median seconds and max RSS."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, int] = {name: 0 for name in commands}
    statuses: dict[str, int] = {}
    for _ in range(runs):
        for name, command in commands.items():
            seconds, status, peak = timed(command, (stdin or {}).get(name))
            times[name].append(seconds)
            rss[name] = max(rss[name], peak)
            statuses[name] = status
    return {name: {"seconds": statistics.median(values), "runs": values, "rss_kib": rss[name],
                   "status": statuses[name]} for name, values in times.items()}


PARTS = ("startup", "batch", "real")  # what --parts may name, each writing the ratios _prefixes lists


def compile_bytecode() -> None:
    """mail-lint's modules as bytecode, as `pip install .` (the README's first command) leaves them and as
    spaCy's already are. A checkout run with PYTHONDONTWRITEBYTECODE set (as on these machines) would
    otherwise compile every module of mail-lint on every start, which no installed copy does (about 0.04 s)."""
    compileall.compile_dir(str(ROOT / "src" / "mail_lint"), quiet=1)


def median_ratio(entry: dict, ours: str, base: str) -> float:
    """The median of the per-round ratios of two alternated commands (each round ran both, in turn)."""
    return statistics.median(a / b for a, b in zip(entry[ours]["runs"], entry[base]["runs"], strict=True))


def write_real_mail(folder: Path) -> int:
    """The Enron emails of ../shared, one a file (their text, as the issue measured them)."""
    folder.mkdir(parents=True)
    count = 0
    with ENRON.open(encoding="utf-8") as lines:
        for count, line in enumerate(lines, 1):
            (folder / f"enron-{count:05d}.txt").write_text(json.loads(line)["text"], encoding="utf-8")
    return count


def findings_of(command: list[str], output: Path) -> list:
    """The per-file results of a --format json run (paths, context, findings), for comparing runs."""
    subprocess.run([*command, "--format", "json", "-o", str(output)], cwd=ROOT, check=False, capture_output=True)
    files = json.loads(output.read_text(encoding="utf-8"))["files"]
    return [{**entry, "path": Path(entry["path"]).name} for entry in files]  # the folder's name varies


def real_mail(work: Path, runs: int) -> dict:
    if not ENRON.exists():
        print(f"real mail: {ENRON} is absent; skipped", file=sys.stderr)
        return {"skipped": f"{ENRON} absent"}
    print("real mail (Enron) ...", file=sys.stderr)
    folder = work / "enron"
    files = write_real_mail(folder)
    one = [*MAIL_LINT, "-q", "--exit-zero", str(folder)]
    two = [*MAIL_LINT, "-q", "--exit-zero", "--jobs", "2", str(folder)]
    full = [*MAIL_LINT, "-q", "--exit-zero", "--no-screen", str(folder)]  # every email through the pipeline
    entry = {"files": files, **alternate({
        "floor: tokenizer + sentences": [PYTHON, "-c", FLOOR_BATCH, str(folder)],
        "mail-lint DIR": one,
        "mail-lint --jobs 2 DIR": two,
        "mail-lint --no-screen DIR": full,
        "mail-lint --no-screen --jobs 2 DIR": [*full[:-1], "--jobs", "2", str(folder)],
    }, runs)}
    by_jobs = [findings_of(command, work / f"enron-{jobs}.json") for jobs, command in ((1, one), (2, two))]
    entry["findings identical across --jobs"] = by_jobs[0] == by_jobs[1]
    unscreened = findings_of(full, work / "enron-full.json")
    entry["findings identical with --no-screen"] = [f["findings"] for f in by_jobs[0]] == [f["findings"]
                                                                                          for f in unscreened]
    entry["screened"] = sum(1 for f in by_jobs[0] if f["context"].get("screened"))
    entry["files with findings"] = sum(1 for f in by_jobs[0] if f["findings"])
    entry["findings"] = sum(len(f["findings"]) for f in by_jobs[0])
    entry["findings sha256"] = hashlib.sha256(json.dumps(by_jobs[0], sort_keys=True).encode()).hexdigest()
    shutil.rmtree(folder)
    return entry


def ten_times_the_patterns(folder: Path) -> Path:
    """A custom pattern pack: every built-in category copied nine times under new names."""
    import yaml

    pack = folder / "pack"
    pack.mkdir(exist_ok=True)
    for source in sorted((ROOT / "patterns").glob("[!_]*.yaml")):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        for copy in range(1, 10):
            name = f"{data['category']}-copy{copy}"
            (pack / f"{name}.yaml").write_text(yaml.safe_dump({**data, "category": name}), encoding="utf-8")
    return pack


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="batch sizes (drafts)")
    parser.add_argument("--runs", type=int, default=5, help="runs per command for the start-up figures")
    parser.add_argument("--real-runs", type=int, default=3, help="alternated runs over the real-mail folder")
    parser.add_argument("--parts", default=",".join(PARTS), help="which parts to measure")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "speed.json")
    parser.add_argument("--readme", action="store_true",
                        help="measure nothing: write the figures in --json into the README's speed table")
    parser.add_argument("--dask", action="store_true",
                        help="only the Dask figures: one and two local workers against one process "
                             "(first of --sizes drafts; bench/results/dask.json)")
    args = parser.parse_args()
    if args.dask:
        return dask_throughput(int(args.sizes.split(",")[0]), args.runs, ROOT / "bench" / "results" / "dask.json")
    if args.readme:
        update_readme(json.loads(args.json.read_text(encoding="utf-8")))
        return 0
    parts = set(args.parts.split(","))
    if unknown := parts - set(PARTS):
        parser.error(f"--parts: unknown part(s) {', '.join(sorted(unknown))} (choose from {', '.join(PARTS)})")
    sizes = [int(size) for size in args.sizes.split(",") if size] if "batch" in parts else []
    results: dict = {"date": time.strftime("%Y-%m-%d"), "python": sys.version.split()[0], "cores": os.cpu_count()}
    draft = str(ROOT / "examples" / "reply-with-quote.eml")
    message = (b"From: Nadia <nadia@example.org>\nTo: Tom <tom@example.com>\nSubject: Invoice\n\n"
               + (ROOT / "examples" / "ordinary-invoice.txt").read_bytes())  # screened, clean, delivered
    follow_up = (b"From: Nadia <nadia@example.org>\nTo: Dana <dana@example.com>\nSubject: Interview\n\n"
                 + (ROOT / "examples" / "apology.txt").read_bytes())  # linted in full, refused

    print("start-up ...", file=sys.stderr)
    if "startup" in parts:
        compile_bytecode()
    startup = {} if "startup" not in parts else alternate({
        "python -c pass": [PYTHON, "-c", "pass"],
        "import spacy": [PYTHON, "-c", "import spacy"],
        "floor: import spacy; blank('en')": [PYTHON, "-c", "import spacy; spacy.blank('en')"],
        "mail-lint draft.eml": [*MAIL_LINT, draft],
        "mail-lint sendmail (delivers)": [*MAIL_LINT, "sendmail", "--", "sh", "-c", "cat > /dev/null"],
        "mail-lint sendmail (follow-up, refused)": [*MAIL_LINT, "sendmail", "--", "sh", "-c", "cat > /dev/null"],
        "mail-lint --help": [*MAIL_LINT, "--help"],
        "mail-lint --version": [*MAIL_LINT, "--version"],
        "mail-lint rule apology.sorry": [*MAIL_LINT, "rule", "apology.sorry"],
    }, args.runs, stdin={"mail-lint sendmail (delivers)": message,
                         "mail-lint sendmail (follow-up, refused)": follow_up})
    results["startup"] = startup

    work = Path(tempfile.mkdtemp(prefix="mail-lint-speed-"))
    batches = {}
    try:
        for size in sizes:
            print(f"batch of {size} ...", file=sys.stderr)
            folder = work / f"drafts-{size}"
            generate(folder, size)
            compared = {
                "floor: tokenizer + sentences": [PYTHON, "-c", FLOOR_BATCH, str(folder)],
                "mail-lint DIR": [*MAIL_LINT, "-q", "--exit-zero", str(folder)],
            }
            if size == 10000 or size == max(sizes):  # alternated with --jobs 1, as the ratio needs
                compared["mail-lint --jobs 2 DIR"] = [*MAIL_LINT, "-q", "--exit-zero", "--jobs", "2", str(folder)]
            runs = alternate(compared, 1 if size > 10000 else 3)
            entry = {"drafts": size, **runs}
            more: dict[str, list[str]] = {}
            if size == 10000 or size == max(sizes):
                more["word-list linter"] = [PYTHON, "-c", WORD_LIST, str(folder)]
            if size == 10000:  # peers and the pattern pack once; proselint's file list is too long at 50k
                proselint = shutil.which("proselint") or str(Path(PYTHON).parent / "proselint")
                if Path(proselint).exists():
                    more["proselint"] = ["sh", "-c", f"{proselint} {_proselint_command(proselint)} "
                                                     f"{folder}/*.txt {folder}/*.eml {folder}/*.j2 > /dev/null"]
                more["mail-lint, 10x patterns"] = [*MAIL_LINT, "-q", "--exit-zero", "--extra-patterns",
                                                   str(ten_times_the_patterns(work)), str(folder)]
            if more:
                entry.update(alternate(more, 1))
            batches[str(size)] = entry
            shutil.rmtree(folder)
        real = real_mail(work, args.real_runs) if "real" in parts else {"skipped": "not asked for"}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["batches"] = batches
    results["real_mail"] = real

    rows = []
    if startup:
        floor = startup["floor: import spacy; blank('en')"]["seconds"]
        spacy_import = startup["import spacy"]["seconds"]
        rows += [
            ("cold: mail-lint draft.eml / floor", startup["mail-lint draft.eml"]["seconds"] / floor, "<= 1.2"),
            ("cold: sendmail hook, follow-up / floor",
             startup["mail-lint sendmail (follow-up, refused)"]["seconds"] / floor, "<= 1.2"),
            ("sendmail hook, ordinary mail / import spacy",
             startup["mail-lint sendmail (delivers)"]["seconds"] / spacy_import, "<= 0.3"),
            ("--help / import spacy", startup["mail-lint --help"]["seconds"] / spacy_import, "<= 0.3"),
            ("--version / import spacy", startup["mail-lint --version"]["seconds"] / spacy_import, "<= 0.3"),
            ("rule ID / import spacy", startup["mail-lint rule apology.sorry"]["seconds"] / spacy_import, "<= 0.3"),
        ]
    for size, entry in batches.items():
        base = entry["floor: tokenizer + sentences"]["seconds"]
        ours = entry["mail-lint DIR"]["seconds"]
        rows.append((f"batch {size}: mail-lint / tokenizer+sentences", ours / base, "<= 2.5"))
        rows.append((f"batch {size}: ms per draft", 1000 * ours / entry["drafts"], "flat"))
        rows.append((f"batch {size}: peak RSS MB", entry["mail-lint DIR"]["rss_kib"] / 1024, "<= 250, flat"))
        if "mail-lint --jobs 2 DIR" in entry:
            jobs = entry["mail-lint --jobs 2 DIR"]["seconds"]
            rows.append((f"batch {size}: --jobs 1 / --jobs 2", ours / jobs, ">= 1.6"))
            rows.append((f"batch {size}: word-list / mail-lint", entry["word-list linter"]["seconds"] / ours, "-"))
        if "proselint" in entry:
            rows.append((f"batch {size}: proselint / mail-lint", entry["proselint"]["seconds"] / ours, "> 1"))
        if "mail-lint, 10x patterns" in entry:
            tenfold = entry["mail-lint, 10x patterns"]["seconds"]
            rows.append((f"batch {size}: 10x patterns / 1x", tenfold / ours, "small"))
    if "skipped" not in real:
        rows += [
            ("real mail: mail-lint / tokenizer+sentences",
             median_ratio(real, "mail-lint DIR", "floor: tokenizer + sentences"), "<= 1.6"),
            ("real mail: peak RSS MB", real["mail-lint DIR"]["rss_kib"] / 1024, "<= 160"),
            ("real mail: floor peak RSS MB", real["floor: tokenizer + sentences"]["rss_kib"] / 1024, "-"),
            ("real mail: --jobs 1 / --jobs 2", median_ratio(real, "mail-lint DIR", "mail-lint --jobs 2 DIR"),
             ">= 1.85"),
            ("real mail: ms per email", 1000 * real["mail-lint DIR"]["seconds"] / real["files"], "-"),
            ("real mail: findings identical across --jobs", float(real["findings identical across --jobs"]), "1"),
        ]
        if "mail-lint --no-screen DIR" in real:
            rows += [
                ("real mail: --no-screen / tokenizer+sentences",
                 median_ratio(real, "mail-lint --no-screen DIR", "floor: tokenizer + sentences"), "-"),
                ("real mail: --no-screen peak RSS MB", real["mail-lint --no-screen DIR"]["rss_kib"] / 1024, "-"),
                ("real mail: --no-screen --jobs 1 / --jobs 2",
                 median_ratio(real, "mail-lint --no-screen DIR", "mail-lint --no-screen --jobs 2 DIR"), "-"),
                ("real mail: findings identical with --no-screen",
                 float(real["findings identical with --no-screen"]), "1"),
                ("real mail: share of emails screened", real["screened"] / real["files"], "-"),
            ]
    results["ratios"] = {name: value for name, value, _ in rows}
    print(f"\n{'measure':<52} {'value':>8}  target")
    for name, value, target in rows:
        print(f"{name:<52} {value:8.2f}  {target}")
    if startup:
        print(f"(floor {floor:.2f} s; import spacy {spacy_import:.2f} s; python -c pass "
              f"{startup['python -c pass']['seconds']:.3f} s)")
    if "skipped" in real:
        print(f"real mail: skipped ({real['skipped']})")
    else:
        print(f"(real mail: {real['files']} files, floor {real['floor: tokenizer + sentences']['seconds']:.1f} s, "
              f"{real.get('screened', 0)} screened, {real['findings']} findings in {real['files with findings']} "
              f"files, "
              f"sha256 {real['findings sha256'][:12]})")
    if args.json.exists() and parts != set(PARTS):  # keep the figures of parts not measured
        previous = json.loads(args.json.read_text(encoding="utf-8"))
        kept = {"startup": "startup", "batch": "batches", "real": "real_mail"}
        for part, key in kept.items():
            if part not in parts and key in previous:
                results[key] = previous[key]
                results.setdefault("kept_from", {})[key] = previous.get("kept_from", {}).get(key, previous.get("date"))
        results["ratios"] = {**{name: value for name, value in previous.get("ratios", {}).items()
                                if not any(name.startswith(prefix) for prefix in _prefixes(parts))},
                             **results["ratios"]}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}")
    return 0


def _prefixes(parts: set[str]) -> tuple[str, ...]:
    """The ratio names a part of the benchmark writes (to replace them, and keep the others)."""
    names = {"startup": ("cold:", "sendmail", "--help", "--version", "rule ID"), "batch": ("batch ",),
             "real": ("real mail:",)}
    return tuple(prefix for part in parts for prefix in names[part])


def dask_throughput(size: int, runs: int, output: Path) -> int:
    """Drafts per second of `mail-lint --dask-scheduler` on a local cluster of one, then two, workers
    (`dask worker --nthreads 1`), alternated with the single process `mail-lint DIR` on the same folder.
    Each cluster lints the folder once before it is timed: its workers build their pipelines once and
    keep them, as on a long-lived cluster."""
    import socket

    from distributed import Client

    work = Path(tempfile.mkdtemp(prefix="mail-lint-dask-"))
    folder = work / "drafts"
    generate(folder, size)
    dask = str(Path(PYTHON).with_name("dask"))
    local = [*MAIL_LINT, "-q", "--exit-zero", str(folder)]
    results: dict = {"date": time.strftime("%Y-%m-%d"), "python": sys.version.split()[0], "cores": os.cpu_count(),
                     "drafts": size}
    try:
        for workers in (1, 2):
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            address = f"tcp://127.0.0.1:{port}"
            quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": "/"}
            processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                           "--no-dashboard", "--no-show"], **quiet)]
            processes += [subprocess.Popen([dask, "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                                            "--no-dashboard"], **quiet) for _ in range(workers)]
            try:
                with Client(address, timeout=60, set_as_default=False) as client:
                    client.wait_for_workers(workers, timeout=120)
                remote = [*MAIL_LINT, "-q", "--exit-zero", "--dask-scheduler", address, str(folder)]
                timed(remote)  # warm-up: each worker builds its pipeline
                print(f"{workers} worker(s) ...", file=sys.stderr)
                results[f"{workers} worker"] = alternate({"mail-lint DIR": local, "dask": remote}, runs)
            finally:
                with Client(address, timeout=10, set_as_default=False) as client:
                    client.shutdown()
                for process in processes:
                    try:
                        process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        process.kill()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratios = {}
    for workers in (1, 2):
        entry = results[f"{workers} worker"]
        ratios[f"drafts/s, single process ({workers}-worker round)"] = round(size / entry["mail-lint DIR"]["seconds"])
        ratios[f"drafts/s, {workers} Dask worker(s)"] = round(size / entry["dask"]["seconds"])
        ratios[f"{workers} Dask worker(s) / single process (throughput)"] = round(
            entry["mail-lint DIR"]["seconds"] / entry["dask"]["seconds"], 2)
    results["ratios"] = ratios
    for name, value in ratios.items():
        print(f"{name:<52} {value:>8}")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def readme_table(results: dict) -> str:
    """The README's table: the headline ratios of one run, and its date."""
    ratios = results["ratios"]
    sizes = sorted(int(size) for size in results["batches"])

    def each(template: str, fmt: str = "{:.2f}") -> str:
        values = [ratios.get(template.format(size=size)) for size in sizes]
        return " / ".join(fmt.format(v) for v in values if v is not None)

    counts = " / ".join(f"{size // 1000}k" for size in sizes)
    jobs_counts = " / ".join(f"{size // 1000}k" for size in sizes
                             if ratios.get(f"batch {size}: --jobs 1 / --jobs 2") is not None)
    rows = [
        ("one draft, cold (`mail-lint reply.eml`) / `import spacy; spacy.blank(\"en\")`",
         f"{ratios['cold: mail-lint draft.eml / floor']:.2f}", "1.2"),
        ("the sendmail hook, a follow-up end to end (linted, refused) / the same floor",
         f"{ratios['cold: sendmail hook, follow-up / floor']:.2f}", "1.2"),
        ("the sendmail hook, ordinary mail end to end (screened, delivered) / `import spacy`",
         f"{ratios['sendmail hook, ordinary mail / import spacy']:.2f}", "0.3"),
        ("`--help`, `--version`, `rule ID` / `import spacy`",
         ", ".join(f"{ratios[k]:.2f}" for k in ("--help / import spacy", "--version / import spacy",
                                                 "rule ID / import spacy")), "0.3"),
        (f"{counts} drafts / spaCy tokenizer + sentence splitting over the same texts",
         each("batch {size}: mail-lint / tokenizer+sentences"), "2.5"),
        (f"ms per draft at {counts} (start-up included)", each("batch {size}: ms per draft", "{:.1f}"), "flat"),
        (f"peak RSS at {counts} drafts, MB", each("batch {size}: peak RSS MB", "{:.0f}"), "250, flat"),
        ("`--jobs 1` / `--jobs 2`", each("batch {size}: --jobs 1 / --jobs 2") + f" ({jobs_counts})", "1.6"),
        ("proselint / mail-lint, 10,000 drafts",
         f"{ratios['batch 10000: proselint / mail-lint']:.2f} (mail-lint faster)"
         if "batch 10000: proselint / mail-lint" in ratios else "not installed", "> 1"),
        ("ten times the patterns (a custom pack) / the built-in ones",
         f"{ratios['batch 10000: 10x patterns / 1x']:.2f}" if "batch 10000: 10x patterns / 1x" in ratios else "-",
         "small"),
    ]
    if "real mail: mail-lint / tokenizer+sentences" in ratios:
        rows += [
            ("real mail (14,410 Enron emails, a file each) / spaCy tokenizer + sentence splitting over them",
             f"{ratios['real mail: mail-lint / tokenizer+sentences']:.2f}", "1.6"),
            ("real mail: peak RSS, MB (the floor's)",
             f"{ratios['real mail: peak RSS MB']:.0f} ({ratios['real mail: floor peak RSS MB']:.0f})", "160"),
            ("real mail: `--jobs 1` / `--jobs 2` (findings identical)",
             f"{ratios['real mail: --jobs 1 / --jobs 2']:.2f} "
             f"({'yes' if ratios['real mail: findings identical across --jobs'] else 'NO'})", "1.85"),
        ]
    if "real mail: --no-screen / tokenizer+sentences" in ratios:
        rows += [
            ("real mail, every email through the pipeline (`--no-screen`) / the same floor; peak RSS, MB; "
             "`--jobs 1` / `--jobs 2` (findings as with the screen)",
             f"{ratios['real mail: --no-screen / tokenizer+sentences']:.2f}; "
             f"{ratios['real mail: --no-screen peak RSS MB']:.0f}; "
             f"{ratios['real mail: --no-screen --jobs 1 / --jobs 2']:.2f} "
             f"({'yes' if ratios['real mail: findings identical with --no-screen'] else 'NO'})", "-"),
        ]
    lines = [f"Latest run, {results['date']} ({results['cores']} cores, Python {results['python']}):", "",
             "| measure | value | target |", "|---|---|---|"]
    lines += [f"| {name} | {value} | {target} |" for name, value, target in rows]
    for key, date in results.get("kept_from", {}).items():
        label = {"batches": "generated-draft batch", "real_mail": "real-mail"}.get(key, key)
        lines.append(f"\n(The {label} figures are from the run of {date}; the machine was loaded differently.)")
    return "\n".join(lines) + "\n"


def update_readme(results: dict) -> None:
    write_block("speed", readme_table(results))


def _proselint_command(proselint: str) -> str:
    run = subprocess.run([proselint, "--help"], capture_output=True, text=True, check=False)
    return "check" if "check" in run.stdout else ""


if __name__ == "__main__":
    sys.exit(main())
