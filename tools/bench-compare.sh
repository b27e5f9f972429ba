#!/usr/bin/env bash
# Speed of two or more dyad builds, alternated so that they share the VM's drift:
#   tools/bench-compare.sh ROUNDS BIN_A BIN_B [...]        (corpus: the bundled samples)
#   CORPUS=file.jsonl tools/bench-compare.sh 3 BIN_A BIN_B
# Each round runs `BIN bench code --runs 1 --json` once per build and prints
#   round build sentences/s tokens/s coder% actors% dates-places-quotes%
# then the median sentences/s of each build. Build a baseline with e.g.
#   git worktree add /tmp/base <commit> && (cd /tmp/base && cargo build --release -p dyad-cli)
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 ROUNDS BIN [BIN ...]" >&2
  exit 2
fi
rounds=$1
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for r in $(seq 1 "$rounds"); do
  for b in "$@"; do
    "$b" bench code --runs 1 --json ${CORPUS:+--corpus "$CORPUS"} 2>/dev/null |
      python3 -c 'import json, sys
d = json.load(sys.stdin)
print(sys.argv[1], sys.argv[2], round(d["sentences_per_sec"]), round(d["tokens_per_sec"]),
      round(100 * d["code_overhead"], 1), round(100 * d["actors_overhead"], 1),
      round(100 * d["wwq_overhead"], 1))' "$r" "$b" | tee -a "$out"
  done
done
echo "medians (sentences/s):"
for b in "$@"; do
  awk -v b="$b" '$2 == b { print $3 }' "$out" | sort -n |
    awk -v b="$b" '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print "  " b ": " m }'
done
