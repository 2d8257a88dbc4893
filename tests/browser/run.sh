#!/usr/bin/env bash
# Opens staffsim's HTML reports in a real headless browser and checks they are not blank.
#
# What it does:
#   1. finds Chromium, or installs Debian's `chromium` (and `fonts-liberation`, so text has a
#      face) where it is missing (as root; otherwise it says why and skips, exit 0); skips too
#      where Chromium cannot take a screenshot of a trivial page at all;
#   2. makes five reports: the shipped sweep, the hybrid desk with the AI, the monthly
#      fixture with its timeline (tests/fixtures/monthly_run), the layoff-and-rehire case
#      at 2 % of its volume, and the staffing of the hybrid desk (`staffsim staff --report`);
#   3. takes a 1280 x 2400 screenshot of each with headless Chromium (no network: the
#      report needs none) and checks with tests/browser/check_png.py (python3, no packages)
#      that it has the right size, is drawn on, has many colours and shows the charts'
#      colours, which only the rendered SVG charts have (for the staffing report, blue and
#      Erlang A's orange: its first screen need show no missed target in vermillion).
#
# Run it from the repository root:  tests/browser/run.sh
# SCREENSHOTS=DIR keeps the screenshots in DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

say() { printf '== browser test: %s\n' "$*"; }
skip() { say "SKIPPED: $*"; exit 0; }

# ---- 1. a browser ------------------------------------------------------------------------
find_browser() {
  for b in chromium chromium-browser google-chrome; do
    command -v "$b" >/dev/null 2>&1 && { command -v "$b"; return 0; }
  done
  return 1
}
browser=$(find_browser || true)
if [ -z "$browser" ]; then
  say "installing chromium"
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    skip "Chromium is not installed and this user cannot install packages"
  fi
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo_cmd apt-get install -y --no-install-recommends chromium fonts-liberation >/tmp/staffsim-browser-apt.log 2>&1; then
    $sudo_cmd apt-get update >>/tmp/staffsim-browser-apt.log 2>&1 || true
    $sudo_cmd apt-get install -y --no-install-recommends chromium fonts-liberation >>/tmp/staffsim-browser-apt.log 2>&1 \
      || skip "the chromium package cannot be installed here (see /tmp/staffsim-browser-apt.log)"
  fi
  browser=$(find_browser) || skip "chromium was installed but is not on the PATH"
fi
command -v python3 >/dev/null 2>&1 || skip "python3 is needed to check the screenshots"
say "using $("$browser" --version 2>/dev/null | head -1)"
work=$(mktemp -d /tmp/staffsim-browser.XXXXXX)
trap 'rm -rf "$work"' EXIT

# screenshot PAGE.html OUT.png: one headless Chromium with its own throw-away profile.
screenshot() {
  local profile
  profile=$(mktemp -d "$work/profile.XXXXXX")
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-extensions --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile" \
    --screenshot="$2" --window-size=1280,2400 "file://$1" >"$2.log" 2>&1 || true
}
echo '<!DOCTYPE html><p>smoke test</p>' >"$work/smoke.html"
screenshot "$work/smoke.html" "$work/smoke.png"
[ -s "$work/smoke.png" ] || { cat "$work/smoke.png.log"; skip "Chromium cannot take a screenshot here"; }

# ---- 2. reports --------------------------------------------------------------------------
cargo build --release --quiet
staffsim="$root/target/release/staffsim"
"$staffsim" sweep scenarios/sweep_containment_headcount.toml --replications 2 --quiet \
  --out "$work/sweep" --report >/dev/null
"$staffsim" run scenarios/hybrid_with_ai.toml --replications 2 --quiet \
  --out "$work/run" --report >/dev/null
mkdir -p "$work/monthly"
cp tests/fixtures/monthly_run/* "$work/monthly/"
"$staffsim" report "$work/monthly" --quiet
"$staffsim" run scenarios/klarna/case.toml --scale 0.02 --replications 2 --quiet \
  --out "$work/case" --report >/dev/null
"$staffsim" staff scenarios/hybrid_with_ai.toml --cycle day --replications 2 --quiet \
  --out "$work/staff" --report >/dev/null

# ---- 3. screenshots ----------------------------------------------------------------------
shots=${SCREENSHOTS:-$work/shots}
mkdir -p "$shots"
passed=0
failed=0
for name in sweep run monthly case staff; do
  png="$shots/report-$name.png"
  second=vermillion
  [ "$name" = staff ] && second=orange
  screenshot "$work/$name/report.html" "$png"
  if [ -s "$png" ] && python3 tests/browser/check_png.py "$png" 1280 2400 "$second"; then
    passed=$((passed + 1))
  else
    [ -s "$png" ] || { say "no screenshot of the $name report:"; cat "$png.log"; }
    failed=$((failed + 1))
  fi
done
say "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || { say "FAILED"; exit 1; }
say "PASSED: the sweep, run, monthly, case and staffing reports render in $("$browser" --version 2>/dev/null | head -1)"
