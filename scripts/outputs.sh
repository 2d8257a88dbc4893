#!/usr/bin/env bash
# Writes the outputs of every shipped scenario and sweep (with their reports) into OUT, using
# the staffsim binary BIN, so that two builds can be compared byte for byte:
#
#   scripts/outputs.sh /tmp/before ./staffsim-old
#   scripts/outputs.sh /tmp/after target/release/staffsim
#   diff -r -x '*.err' /tmp/before /tmp/after     # the .err logs carry wall times and paths
#
# The case runs at 5 % scale with 2 replications and its sweeps with 1 replication a point,
# to keep the whole under a few minutes on two cores.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 OUT BIN" >&2
  exit 2
fi
out=$(realpath -m "$1")
bin=$(realpath "$2")
cd "$(dirname "$0")/.."
rm -rf "$out"
mkdir -p "$out"
for f in scenarios/*.toml; do
  n=$(basename "$f" .toml)
  if grep -q '^\[sweep\]' "$f"; then
    "$bin" sweep "$f" --out "$out/$n" --threads 2 --report >/dev/null 2>"$out/$n.err"
  else
    "$bin" run "$f" --out "$out/$n" --threads 2 --report --quiet >"$out/$n.table" 2>"$out/$n.err"
    "$bin" run "$f" --json --threads 2 --quiet >"$out/$n.json" 2>/dev/null
  fi
done
"$bin" run scenarios/klarna/case.toml --scale 0.05 --replications 2 --out "$out/klarna" \
  --report --threads 2 --quiet >"$out/klarna.table" 2>"$out/klarna.err"
for s in sensitivity_false_resolution sensitivity_workforce; do
  "$bin" sweep "scenarios/klarna/$s.toml" --replications 1 --out "$out/$s" --report \
    --threads 2 >/dev/null 2>"$out/$s.err"
done
"$bin" erlang --rate 2880/h --aht 1m --agents 50 --patience 2m --json >"$out/erlang.json"
