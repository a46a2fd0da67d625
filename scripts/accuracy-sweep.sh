#!/usr/bin/env bash
# Stereo-path accuracy sweep (docs/accuracy.md): each simulator scenario (config/scenarios/) is
# rendered as a stereo recording (`headcount simulate`), run through the whole pipeline with the
# census-SGM matcher (`headcount replay`) and scored against the simulator's truth (`headcount
# eval`). Prints one markdown table row per line and direction, and per region, to stdout, and
# the calibrated floor (installation height, tilt) and the depth stage's warnings to stderr.
#
# Usage: scripts/accuracy-sweep.sh [SCENARIO ...]        (default: every config/scenarios/*.json)
# Environment: HEADCOUNT (binary, default build/headcount), SWEEP_SECONDS (scene seconds per
# scenario, default the scenario's own duration), SWEEP_SEED (default 1), SWEEP_DIR (work folder,
# default a fresh mktemp -d, kept for inspection), SWEEP_SOURCE (stereo, the default: census-SGM on
# the rendered pair; depth: the simulator's exact depth images, the detection, tracking and rules
# without the matcher's noise), SWEEP_FPS (frames per second, up to 60: the scenario's own scene
# filmed at another frame rate; default the scenario's own, 10-15), SWEEP_CANDIDATES (1: also
# write each scenario's candidate head peaks with the detector's verdicts, candidates.jsonl, for
# scripts/sweep_diagnose.py candidates; tens of MB for the busy scenarios).
# Rules: the scenario's own (truth.json "rules"), with children differentiation switched on at the
# simulator's child/adult boundary (1.4 m) and the minimum target height lowered to 0.8 m so the
# smallest simulated children (0.9 m) are counted, and the maximum target height kept below the
# installation height (low mounts) as the configuration requires.
# Cost: about 10 frames/s of replay on one core of the 2-core build machine.
set -euo pipefail

cd "$(dirname "$0")/.."
bin=${HEADCOUNT:-build/headcount}
seed=${SWEEP_SEED:-1}
work=${SWEEP_DIR:-$(mktemp -d /tmp/hc-sweep.XXXXXX)}
[[ -x $bin ]] || { echo "accuracy-sweep: $bin is not built (cmake --build --preset ci --target headcount)" >&2; exit 2; }
command -v jq >/dev/null || { echo "accuracy-sweep: needs jq (apt-get install jq)" >&2; exit 2; }
if [[ -n ${SWEEP_FPS:-} && ! ${SWEEP_FPS} =~ ^[0-9]+(\.[0-9]+)?$ ]]; then
  echo "accuracy-sweep: SWEEP_FPS must be a number of frames per second, not '$SWEEP_FPS'" >&2
  exit 2
fi

scenarios=("$@")
if [[ ${#scenarios[@]} -eq 0 ]]; then
  for f in config/scenarios/*.json; do scenarios+=("$(basename "$f" .json)"); done
fi

echo "work folder: $work (seed $seed)" >&2
echo "| scenario | frames | replay fps | line/region | dir | true | counted | net accuracy | unbalanced error | event F1 | child accuracy | MOTA | IDF1 |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for s in "${scenarios[@]}"; do
  d="$work/$s"
  rm -rf "$d" && mkdir -p "$d"
  scenario=$s
  if [[ -n ${SWEEP_FPS:-} ]]; then  # the same scene at another camera frame rate
    jq --argjson fps "$SWEEP_FPS" '.fps = $fps' "config/scenarios/$s.json" >"$d/scenario.json"
    scenario=$d/scenario.json
  fi
  sim_args=(--scenario "$scenario" --seed "$seed" --out "$d/rec")
  [[ ${SWEEP_SOURCE:-stereo} == depth ]] && sim_args+=(--depth)
  [[ -n ${SWEEP_SECONDS:-} ]] && sim_args+=(--seconds "$SWEEP_SECONDS")
  "$bin" simulate "${sim_args[@]}" >"$d/simulate.log"
  jq '.rules + {children_adult_differentiation: true, child_filter_height_m: 1.4, min_target_height_m: 0.8,
                max_target_height_m: ([2.2, (.rules.installation_height_m // 3) - 0.1] | min)}' \
    "$d/rec/truth.json" >"$d/rules.json"
  if ! "$bin" replay --recording "$d/rec" --rules "$d/rules.json" --events "$d/events.jsonl" \
      --summary "$d/summary.json" --tracks "$d/tracks.jsonl" \
      ${SWEEP_CANDIDATES:+--candidates "$d/candidates.jsonl"} >"$d/replay.log" 2>"$d/replay.err"; then
    echo "| $s | replay failed: $(tail -n 1 "$d/replay.err") | | | | | | | | | | | |"
    continue
  fi
  "$bin" eval --truth "$d/rec/truth.json" --events "$d/events.jsonl" --summary "$d/summary.json" \
    --tracks "$d/tracks.jsonl" --json >"$d/eval.json"
  # The automatic floor and the depth stage's warnings (stderr, beside the table).
  grep -E '^(floor|warning):' "$d/replay.log" | sed "s/^/$s: /" >&2 || true
  frames=$(jq '.frame_count' "$d/rec/truth.json")
  fps=$(sed -n 's/^replay: .*: \([0-9.]*\) fps$/\1/p' "$d/replay.log")
  jq -r --arg s "$s" --arg n "$frames" --arg fps "$fps" '
    (.tracks // {}) as $t |
    (.lines[] | "| \($s) | \($n) | \($fps) | line \(.line) | \(.direction) | \(.true) | \(.counted) | \(.net_accuracy * 10000 | round / 10000) | \(.unbalanced_error * 10000 | round / 10000) | \(.event_f1 * 10000 | round / 10000) | \(.child_accuracy * 10000 | round / 10000) | \(($t.mota // 0) * 10000 | round / 10000) | \(($t.idf1 // 0) * 10000 | round / 10000) |"),
    (.regions[] | "| \($s) | \($n) | \($fps) | region \(.region) | | occupancy MAE \(.occupancy_mae * 10000 | round / 10000) | dwell median error \((.dwell_error_median_s // 0) * 100 | round / 100) s (\(.matched_dwells)/\(.true_dwells) matched) | | | | | | |")
  ' "$d/eval.json"
done
