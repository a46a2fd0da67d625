#!/usr/bin/env bash
# Builds the fuzz targets with the `fuzz` preset (clang, own build folder) and runs each for a short
# time from a small seed corpus. Last line: "fuzz: N passed, N failed".
set -u
cd "$(dirname "$0")/.."
passed=0; failed=0
targets="fuzz_config_json fuzz_package_archive"
if ! command -v clang++ >/dev/null; then echo "fuzz: clang++ not installed"; echo "fuzz: 0 passed, 1 failed"; exit 1; fi
# The build's output is kept out of the way but shown when it fails, so a red run says why (a
# compile error, or a full disk: the fuzz build is the last and one of the largest in a CI run).
build_log=$(mktemp)
if ! { cmake --preset fuzz && cmake --build --preset fuzz -j2 --target $targets; } >"$build_log" 2>&1; then
  echo "fuzz: build failed; the last lines of its output:"; grep -v 'Wunknown-warning-option\|warning generated' "$build_log" | tail -40
  df -h . | tail -1 | awk '{print "fuzz: disk space left here: " $4}'
  rm -f "$build_log"; echo "fuzz: 0 passed, 1 failed"; exit 1
fi
rm -f "$build_log"
for target in $targets; do
  bin=$(find build -path '*fuzz*' -name "$target" -type f -perm -u+x | head -1)
  corpus=$(mktemp -d)
  case $target in
    fuzz_config_json)
      build/ci/src/app/headcount config defaults > "$corpus/defaults.json" 2>/dev/null || echo '{}' > "$corpus/defaults.json"
      echo '{"rules":{"lines":[{"name":"a","points":[[0,0],[10,10]]}]}}' > "$corpus/rules.json"
      echo '"Secret-123"' > "$corpus/pw.json" ;;
    fuzz_package_archive)
      seed=$(mktemp -d); mkdir -p "$seed/bin"; printf '#!/bin/sh\necho v2\n' > "$seed/bin/headcount"
      tar --format=ustar -cf "$corpus/release.tar" -C "$seed" . && gzip -c "$corpus/release.tar" > "$corpus/release.tar.gz"
      tar --format=pax -cf "$corpus/release-pax.tar" -C "$seed" .
      rm -rf "$seed" ;;
  esac
  if "$bin" -max_total_time=30 -rss_limit_mb=2048 -print_final_stats=1 "$corpus" >"/tmp/$target.log" 2>&1; then
    passed=$((passed + 1)); echo "$target: ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "/tmp/$target.log" | tail -1))"
  else
    failed=$((failed + 1)); echo "$target: FAILED (see /tmp/$target.log)"; tail -20 "/tmp/$target.log"
  fi
  rm -rf "$corpus"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
