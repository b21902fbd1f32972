#!/bin/bash
# Cost of a change, A/B: an older revision against the working tree, alternated in one sitting, three times.
#   bench/ab_revision.sh REV [RUNS]
# Prints wall s, user CPU s and peak RSS KiB for: one ordinary file (cold start), 3,000 generated drafts
# (bench/corpus_gen.py) and, when ../shared is present, the first 3,000 Enron emails one a file; the working
# tree is run with --no-screen (the full pipeline) and with the screen (what users get). Compare within a
# run: the machine is shared. The older revision runs from a temporary git worktree with this venv.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REV=${1:?usage: bench/ab_revision.sh REV [RUNS]}; RUNS=${2:-3}
PY=${PYTHON:-$ROOT/.venv/bin/python}
WORK=$(mktemp -d); trap 'git -C "$ROOT" worktree remove --force "$WORK/old" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
git -C "$ROOT" worktree add --detach -q "$WORK/old" "$REV"
$PY -c "import sys; sys.path.insert(0, '$ROOT/bench'); from corpus_gen import generate; from pathlib import Path; generate(Path('$WORK/gen'), 3000)"
ENRON="$ROOT/../shared/corpus/enron-train.jsonl"
if [ -f "$ENRON" ]; then
  mkdir "$WORK/real"
  $PY -c "
import itertools, json
for i, line in enumerate(itertools.islice(open('$ENRON'), 3000)):
    open('$WORK/real/%05d.txt' % i, 'w').write(json.loads(line)['text'])"
else
  echo "real mail: $ENRON is absent; skipped" >&2
fi
measure() { /usr/bin/time -f "%e %U %M" "$@" >/dev/null 2>"$WORK/t" || true; tail -1 "$WORK/t"; }
old() { (cd "$WORK" && PYTHONPATH="$WORK/old/src" measure "$PY" -m mail_lint "$@"); }
new() { (cd "$WORK" && PYTHONPATH="$ROOT/src" measure "$PY" -m mail_lint "$@"); }
echo "case                 wall_s user_s rss_kib"
for run in $(seq "$RUNS"); do
  echo "# run $run"
  echo "cold   $REV      $(old "$ROOT/examples/ordinary-invoice.txt")"
  echo "cold   new --no-screen $(new --no-screen "$ROOT/examples/ordinary-invoice.txt")"
  echo "gen    $REV      $(old "$WORK/gen")"
  echo "gen    new --no-screen $(new --no-screen "$WORK/gen")"
  echo "gen    new           $(new "$WORK/gen")"
  if [ -d "$WORK/real" ]; then
    echo "real   $REV      $(old "$WORK/real")"
    echo "real   new --no-screen $(new --no-screen "$WORK/real")"
    echo "real   new           $(new "$WORK/real")"
  fi
done
