#!/usr/bin/env bash
# The bank's calls from history to staffing: fetch the history, fit it, check the forecast on
# the last 20 % of days, forecast the week after the history, and staff that week with and
# without the forecast's uncertainty. Prints the tables the README quotes.
#
#   scenarios/bank_calls/run.sh [OUT_DIR]      (default: bank_calls_out)
#
# Uses $STAFFSIM if set, else `cargo run --release`. Exits 3, saying so, when the data cannot
# be fetched (tests/data/bank_calls.sh needs Python 3 and PyPI).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-bank_calls_out}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
if [ -z "${STAFFSIM:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml"
  STAFFSIM="$root/target/release/staffsim"
fi

status=0
"$root/tests/data/bank_calls.sh" "$out/bank_calls.csv" || status=$?
if [ "$status" -ne 0 ]; then
  echo "bank_calls: the history could not be fetched (status $status)" >&2
  exit "$status"
fi

echo "== fit"
"$STAFFSIM" fit "$out/bank_calls.csv" --out "$out/fit" | grep -i -E "dispersion|noise|trend|rate" || true

echo "== forecast of the last 20 % of days from the first 80 %"
"$STAFFSIM" forecast "$out/bank_calls.csv" --horizon 1w --holdout 20% --out "$out/holdout" --quiet \
  | grep -i -E "MASE|coverage|level_cv" || true

echo "== forecast of the week after the history, and staffing it"
"$STAFFSIM" forecast "$out/bank_calls.csv" --horizon 1w --out "$out/week" --quiet >/dev/null
cp "$root/scenarios/bank_calls/desk.toml" "$out/week/desk.toml"
sed 's/level_noise = false/level_noise = true/' "$out/week/desk.toml" > "$out/week/desk_uncertain.toml"
for desk in desk desk_uncertain; do
  "$STAFFSIM" staff "$out/week/$desk.toml" --cycle week --out "$out/week/staff_$desk" --quiet \
    | grep -E "agent-hours|Erlang|validation"
done
# Each staffing judged on 400 fresh replications of the week as the forecast's uncertainty
# says it may come (level_noise = true).
for desk in desk desk_uncertain; do
  staffed="$out/week/staff_$desk/staffed.toml"
  sed 's/level_noise = false/level_noise = true/' "$staffed" > "${staffed%.toml}_judged.toml"
  echo "-- staffing of $desk.toml, on 400 replications with the forecast's uncertainty:"
  "$STAFFSIM" run "${staffed%.toml}_judged.toml" --replications 400 --seed 7 --quiet \
    | grep -E "service_level|abandonment_rate"
done
