#!/usr/bin/env bash
# Load benchmark: wrk against GET /api/v1/live/counts of a fresh `headcount run` on loopback.
# Usage: bench/web/wrk_counts.sh [seconds] [connections]   (needs wrk and build/ci/src/app/headcount)
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-10}; conns=${2:-16}
bin=build/ci/src/app/headcount
data=$(mktemp -d); port=$((20000 + RANDOM % 20000))
$bin run --data-dir "$data" --http-port $port --https-port 0 --bind 127.0.0.1 2>/dev/null & pid=$!
trap 'kill $pid; rm -rf "$data"' EXIT
sleep 1
base=http://127.0.0.1:$port/api/v1
curl -sf -X POST $base/auth/activate -H 'Content-Type: application/json' \
  -d '{"password":"Bench-1234","security_questions":[{"question":"a","answer":"a"},{"question":"b","answer":"b"},{"question":"c","answer":"c"}]}' >/dev/null
cookie=$(curl -si -X POST $base/auth/login -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"Bench-1234"}' | grep -i '^set-cookie: hc_session=' | sed 's/^[^:]*: //; s/;.*//')
wrk -t2 -c"$conns" -d"${secs}s" --latency -H "Cookie: $cookie" $base/live/counts
curl -s -H "Cookie: $cookie" $base/stats; echo
