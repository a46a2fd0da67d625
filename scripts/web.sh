#!/usr/bin/env bash
# The browser GUI (web/): build, unit tests (Vitest) and end-to-end browser tests (tests/e2e).
#   bash scripts/web.sh build            npm ci when node_modules is missing or older than the lock file; vite build to web/dist
#   bash scripts/web.sh unit             Vitest; last line "web-unit: N passed, N failed"
#   bash scripts/web.sh e2e BUILD_DIR    playwright-core + Debian chromium against BUILD_DIR/src/app/headcount;
#                                        last line "e2e: N passed, N failed"; screenshots in BUILD_DIR/e2e-artifacts
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
web="$root/web"

install_deps() {
  cd "$web"
  local stamp="node_modules/.package-lock.json"
  if [ ! -d node_modules ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
    if [ ! -f package-lock.json ]; then
      npm install --no-audit --no-fund
    elif ! npm ci --no-audit --no-fund >"${TMPDIR:-/tmp}/hc-web-npm-ci.log" 2>&1; then
      grep -m 3 -E 'npm error (code|`npm ci`|Missing)' "${TMPDIR:-/tmp}/hc-web-npm-ci.log" >&2 || true
      # The lock file is complete (package.json pins rollup to a version whose platform packages
      # are all published, see docs/gui.md), so npm ci refuses it only when package.json was edited
      # without refreshing the lock; install the declared versions then, leaving the lock as it is.
      echo "web.sh: npm ci refused the lock file (run npm install in web/ to refresh it); installing with npm install --no-save" >&2
      npm install --no-save --no-audit --no-fund
    fi
  fi
}

build() {
  install_deps
  cd "$web"
  npm run build
}

unit() {
  install_deps
  cd "$web"
  local report rc=0
  report="$(mktemp)"
  npx vitest run --reporter=default --reporter=json --outputFile="$report" || rc=$?
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`web-unit: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  ' "$report" || { echo "web-unit: 0 passed, 1 failed"; rc=1; }
  rm -f "$report"
  return $rc
}

e2e() {
  local build_dir="${1:?usage: web.sh e2e BUILD_DIR}"
  build_dir="$(cd "$build_dir" && pwd)"
  install_deps
  [ -f "$web/dist/index.html" ] || build
  cd "$root"
  node tests/e2e/run.mjs --build-dir "$build_dir" --web-root "$web/dist"
}

case "${1:-}" in
  build) build ;;
  unit) unit ;;
  e2e) shift; e2e "$@" ;;
  *) echo "usage: $0 build | unit | e2e BUILD_DIR" >&2; exit 2 ;;
esac
