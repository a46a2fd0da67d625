#!/usr/bin/env bash
# Builds the fuzz targets with the `fuzz` preset (clang, own build folder) and runs each for a short
# time from a small seed corpus. Last line: "fuzz: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
passed=0; failed=0
if ! command -v clang++ >/dev/null; then echo "fuzz: clang++ not installed"; echo "fuzz: 0 passed, 1 failed"; exit 1; fi
cmake --preset fuzz >/dev/null && cmake --build --preset fuzz -j2 --target fuzz_config_json >/dev/null || {
  echo "fuzz: build failed"; echo "fuzz: 0 passed, 1 failed"; exit 1; }
bin=$(find build -path '*fuzz*' -name fuzz_config_json -type f -perm -u+x | head -1)
corpus=$(mktemp -d)
build/ci/src/app/headcount config defaults > "$corpus/defaults.json" 2>/dev/null || echo '{}' > "$corpus/defaults.json"
echo '{"rules":{"lines":[{"name":"a","points":[[0,0],[10,10]]}]}}' > "$corpus/rules.json"
echo '"Secret-123"' > "$corpus/pw.json"
if "$bin" -max_total_time=30 -rss_limit_mb=2048 -print_final_stats=1 "$corpus" >/tmp/fuzz_config_json.log 2>&1; then
  passed=$((passed + 1)); echo "fuzz_config_json: ok ($(grep -o 'stat::number_of_executed_runs: *[0-9]*' /tmp/fuzz_config_json.log | tail -1))"
else
  failed=$((failed + 1)); echo "fuzz_config_json: FAILED (see /tmp/fuzz_config_json.log)"; tail -20 /tmp/fuzz_config_json.log
fi
rm -rf "$corpus"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
