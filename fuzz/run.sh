#!/usr/bin/env bash
# Fuzz every reader of staffsim for a bounded time: fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Builds the targets of fuzz/fuzz_targets once (nightly toolchain, cargo-fuzz, libFuzzer),
# then runs each for SECONDS_PER_TARGET seconds (default 20), one at a time, one job each,
# starting from its seeds in fuzz/corpus/TARGET (the corpus it grows stays there, ignored by
# git). Every input must be read without a panic, a hang (10 s) or an out-of-memory (2 GB).
#
# Exit status: 0 when no target crashed; 1 on a crash, with the reproducer's path (replay it
# with `cargo +nightly fuzz run TARGET PATH` in fuzz/); 3 when fuzzing is not possible here
# (no nightly toolchain, or cargo-fuzz cannot be installed), which .ci/run reports as skipped.
#
# cargo-fuzz and the build are kept between runs in $STAFFSIM_FUZZ_CACHE
# (default ~/.cache/staffsim), so a second run on one machine builds only what changed.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-20}
shift || true
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz/run.sh: expected the seconds per target (a whole number above 0), found '$seconds'" >&2
  exit 2
fi

skip() {
  echo "fuzz: SKIPPED: $1"
  exit 3
}

command -v rustup >/dev/null || skip "no rustup, so no nightly toolchain to build the fuzz targets with"
rustup toolchain list | grep -q '^nightly' ||
  skip "no nightly toolchain (rustup toolchain list); cargo-fuzz needs one"

cache=${STAFFSIM_FUZZ_CACHE:-$HOME/.cache/staffsim}
tools="$cache/cargo-fuzz"
export PATH="$tools/bin:$PATH"
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "== fuzz: installing cargo-fuzz into $tools (from crates.io)"
  cargo install cargo-fuzz --locked --quiet --root "$tools" ||
    skip "cannot install cargo-fuzz (cargo install cargo-fuzz --locked)"
fi

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in fuzz_targets/*.rs; do
    targets+=("$(basename "$f" .rs)")
  done
fi

# Release code with debug assertions and overflow checks (what a panic in staffsim looks like
# in any build), no sanitizer: staffsim is safe Rust, and what is looked for is a panic, a hang
# or a runaway allocation, which libFuzzer catches on its own; the sanitizer would halve the
# executions. Several codegen units build the large crate on every core.
build=(-O -a -s none --codegen-units 16 --target-dir "$cache/fuzz-target")
echo "== fuzz: building the targets"
started=$(date +%s)
cargo +nightly fuzz build "${build[@]}"
echo "== fuzz: built in $(($(date +%s) - started)) s"

# The targets write their folders into a temporary folder of this run, removed at the end:
# in memory where there is /dev/shm (the file targets run about twice as fast there).
scratch=${TMPDIR:-/tmp}
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  scratch=/dev/shm
fi
work=$(mktemp -d "$scratch/staffsim-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

dict_of() {
  case "$1" in
    scenario) echo dict/scenario.dict ;;
    sweep) echo dict/sweep.dict ;;
    history | forecast) echo dict/history.dict ;;
    rates) echo dict/rates.dict ;;
    schedule_file) echo dict/schedule_file.dict ;;
  esac
}

failed=()
for t in "${targets[@]}"; do
  if [ ! -f "fuzz_targets/$t.rs" ]; then
    echo "fuzz/run.sh: no target $t (fuzz/fuzz_targets/$t.rs)" >&2
    exit 2
  fi
  mkdir -p "corpus/$t" "artifacts/$t"
  flags=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
  flags+=(-artifact_prefix="artifacts/$t/")
  dict=$(dict_of "$t")
  if [ -n "$dict" ]; then
    flags+=(-dict="$dict")
  fi
  echo "== fuzz: $t for $seconds s"
  log="$work/$t.log"
  status=0
  TMPDIR="$work" cargo +nightly fuzz run "${build[@]}" "$t" "corpus/$t" -- "${flags[@]}" \
    >"$log" 2>&1 || status=$?
  # The figures of the run: executions, coverage, corpus, and peak memory.
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^#[0-9]+.*DONE' "$log" |
    tr '\n' ' ' || true
  echo
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log"
    reproducer=$(grep -oE "Test unit written to [^ ]+" "$log" | tail -n 1 | cut -d' ' -f5 || true)
    echo "== fuzz: $t FAILED (status $status); reproducer: fuzz/${reproducer:-artifacts/$t/ (none written)}"
    failed+=("$t")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "== fuzz: crashes in ${failed[*]}"
  exit 1
fi
echo "== fuzz: ${#targets[@]} targets, $seconds s each, no crash"
