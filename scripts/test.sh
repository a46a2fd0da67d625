#!/usr/bin/env bash
# Runs every test suite against an existing build folder and prints one summary line.
#   scripts/test.sh build/ci
# Suites: CTest (unit, integration, accuracy; two at a time), then the browser GUI's own unit tests
# and its end-to-end browser tests when web/ exists. Every suite runs even when an earlier one
# fails, so one run shows all failures.
set -uo pipefail
build=${1:-build/ci}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

passed=0
failed=0
status=0

run_ctest() {
  local log
  log=$(mktemp)
  ctest --test-dir "$build" -j 2 --output-on-failure --no-tests=error 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local total fails
  total=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' "$log" | tail -1)
  fails=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1/p' "$log" | tail -1)
  total=${total:-0}; fails=${fails:-0}
  passed=$((passed + total - fails))
  failed=$((failed + fails))
  [ "$rc" -eq 0 ] || status=1
  rm -f "$log"
}

# A suite script prints its own "N passed, N failed" line last.
run_suite() {
  local name=$1; shift
  echo "== $name"
  local log
  log=$(mktemp)
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local line
  line=$(grep -E '^[a-z:-]* ?[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  local p f
  p=$(sed -n 's/.*[^0-9]\([0-9][0-9]*\) passed.*/\1/p' <<<" $line"); f=$(sed -n 's/.*[^0-9]\([0-9][0-9]*\) failed.*/\1/p' <<<" $line")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  if [ "$rc" -ne 0 ]; then
    status=1
    [ -n "$line" ] || failed=$((failed + 1))
  fi
  rm -f "$log"
}

echo "== ctest ($build)"
run_ctest
# The browser end-to-end suite drives Debian's Chromium against the real `headcount run` on the
# simulated entrance (it draws a line and waits for its counts to rise).
if [ -x scripts/web.sh ] && [ -f web/package.json ]; then
  run_suite "web unit tests" bash scripts/web.sh unit
  run_suite "browser end-to-end tests" bash scripts/web.sh e2e "$build"
fi
if [ -x fuzz/smoke.sh ]; then
  run_suite "fuzz smoke" bash fuzz/smoke.sh
fi

echo
echo "summary: $passed passed, $failed failed"
exit $status
