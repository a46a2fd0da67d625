#!/usr/bin/env python3
"""Compares two sets of scored sweep replays, run by run (docs/accuracy.md).

Usage:
  python3 scripts/sweep_compare.py BASE NEW [TAGS]

BASE and NEW each hold TAG/SCENARIO/eval.json (the output of `headcount eval --json`), e.g. one
folder per seed and source (stereo1, depth1, ...) holding the scenario folders of
scripts/accuracy-sweep.sh, or replays of those recordings with another build (`headcount replay
--recording DIR/rec --rules DIR/rules.json --events E --summary S --tracks T`, then `headcount
eval --truth DIR/rec/truth.json --events E --summary S --tracks T --json > NEW/TAG/SCENARIO/eval.json`).
Runs present in both are compared; TAGS (a glob, e.g. 'depth*') keeps
only those folders. Prints each run whose line rows (true, counted, child
accuracy) or region scores changed, or whose MOTA moved by more than 0.02; then, over all runs,
the line rows off the truth, the crossings missed and the counts without a true crossing (from
each row's event recall and precision), the summed false-positive points / misses / identity switches, the
mean IDF1, and how many runs' MOTA rose or fell by more than 0.02.
"""
import glob
import json
import os
import sys


def rows(report):
    return {(l["line"], l["direction"]): (l["true"], l["counted"], round(l["child_accuracy"], 3))
            for l in report["lines"]}


def crossing_errors(report):
    """Crossings missed and counts without a true crossing, summed over the lines and directions,
    from each row's event recall and precision (crossings matched within 1 s by `headcount eval`)."""
    missed = sum(round(l["true"] * (1 - l["event_recall"])) for l in report["lines"] if l["true"])
    extra = sum(round(l["counted"] * (1 - l["event_precision"])) for l in report["lines"]
                if l["counted"])
    return missed, extra


def regions(report):
    return [(round(r.get("occupancy_mae", 0), 4), round(r.get("dwell_error_median_s", 0), 3))
            for r in report.get("regions", [])]


def main(base_root, new_root, tags="*"):
    runs = off_base = off_new = mota_up = mota_down = 0
    totals = {"base": [0, 0, 0], "new": [0, 0, 0]}
    crossings = {"base": [0, 0], "new": [0, 0]}
    idf1 = {"base": [], "new": []}
    for new_path in sorted(glob.glob(os.path.join(new_root, tags, "*", "eval.json"))):
        tag, scenario = new_path.split(os.sep)[-3:-1]
        base_path = os.path.join(base_root, tag, scenario, "eval.json")
        if not os.path.exists(base_path):
            continue
        reports = {}
        for name, path in (("base", base_path), ("new", new_path)):
            with open(path) as f:
                reports[name] = json.load(f)
        runs += 1
        rb, rn = rows(reports["base"]), rows(reports["new"])
        off_base += sum(1 for v in rb.values() if v[0] != v[1])
        off_new += sum(1 for v in rn.values() if v[0] != v[1])
        for name, report in reports.items():
            tracks = report.get("tracks") or {}
            for k, key in enumerate(("false_positives", "misses", "id_switches")):
                totals[name][k] += tracks.get(key, 0)
            if "idf1" in tracks:
                idf1[name].append(tracks["idf1"])
            for k, n in enumerate(crossing_errors(report)):
                crossings[name][k] += n
        notes = [f"{k[0]}{k[1]} {rb[k]}->{rn.get(k)}" for k in rb if rb[k] != rn.get(k)]
        mb = (reports["base"].get("tracks") or {}).get("mota")
        mn = (reports["new"].get("tracks") or {}).get("mota")
        if mb is not None and mn is not None and abs(mb - mn) > 0.02:
            notes.append(f"MOTA {mb:.3f}->{mn:.3f}")
            if mn > mb:
                mota_up += 1
            else:
                mota_down += 1
        if regions(reports["base"]) != regions(reports["new"]):
            notes.append(f"regions {regions(reports['base'])}->{regions(reports['new'])}")
        if notes:
            print(f"{tag:9s} {scenario:24s} " + "; ".join(notes))
    print(f"runs {runs}; line rows off the truth {off_base} -> {off_new}")
    print("crossings missed / counted without a true crossing "
          f"{' / '.join(map(str, crossings['base']))} -> {' / '.join(map(str, crossings['new']))}")
    print("tracks (false-positive points / misses / identity switches) "
          f"{' / '.join(map(str, totals['base']))} -> {' / '.join(map(str, totals['new']))}")
    if idf1["base"] and idf1["new"]:
        print(f"mean IDF1 {sum(idf1['base']) / len(idf1['base']):.4f} -> "
              f"{sum(idf1['new']) / len(idf1['new']):.4f}")
    print(f"MOTA up by more than 0.02 in {mota_up} runs, down in {mota_down}")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(*sys.argv[1:])
