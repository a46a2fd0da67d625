#!/usr/bin/env python3
"""Diagnoses one scenario of scripts/accuracy-sweep.sh against the simulator's truth.

Usage:
  python3 scripts/sweep_diagnose.py offset SWEEP_DIR/SCENARIO [TRUTH]
  python3 scripts/sweep_diagnose.py columns SWEEP_DIR/SCENARIO [TRUTH]
  python3 scripts/sweep_diagnose.py occupancy SWEEP_DIR/SCENARIO [TRUTH]
  python3 scripts/sweep_diagnose.py identities SWEEP_DIR/SCENARIO [TRUTH]
  python3 scripts/sweep_diagnose.py crossings SWEEP_DIR/SCENARIO [TRUTH]
  python3 scripts/sweep_diagnose.py overlaps SWEEP_DIR/SCENARIO [TRUTH]

SWEEP_DIR/SCENARIO holds the replay's tracks.jsonl and events.jsonl (and rec/truth.json, the
default TRUTH; name another truth.json for a replay of the same scene made elsewhere).

offset: each true person in view is paired, per frame, with the nearest track within 0.3 m; prints
per 0.4 m band of the person's distance from the floor origin (under the camera) the mean offset of
the track from the truth along that direction (radial, negative = towards the origin) and across
it (tangential), and the mean stature error, in centimetres.

columns: the same pairs per 40 px band of the person's true head pixel column u: the mean offset
of the track from the truth along the floor's x axis towards the image's centre column (inward;
the image's u axis for a camera not tilted sideways) and the mean stature error, in centimetres.
People near the left and right image edges show whether heads cut by the edge sit inward.

occupancy: the frames where region 1's reported count (as `headcount eval` reads it: each
region count report applies from its whole second minus 0.5 s) differs from the truth's
occupancy, grouped into runs: first and last frame time, true count, reported count.

identities: each track is paired, per frame, with the nearest true person in view within 0.4 m;
prints the tracks that followed more than one person (each for at least 0.3 s, so a swap or a
wrong re-identification), as runs of time: person (P-, nobody near).

crossings: each true line crossing whose person is not followed by one track in the second before
the crossing and in the second after it (a track follows the person in a frame when that person
is the nearest true person to it, within 0.3 m); prints the person, child flag, stature, direction
and time, the other people within 0.6 m at the crossing (distance, stature), and per frame of
those two seconds the track that followed the person (T-, none).

overlaps: the pairs of true people in view whose head tops come within 0.2 m of each other
(horizontal distance in the camera frame; heads are ~0.16 m wide, so closer heads overlap, which
the simulator allows): frames that close, first and last time, the smallest distance and when.
"""
import json
import math
import sys


def load(folder, truth_path):
    truth = json.load(open(truth_path or folder + "/rec/truth.json"))
    return truth, folder


def tracks_by_time(folder):
    out = {}
    for line in open(folder + "/tracks.jsonl"):
        j = json.loads(line)
        out[round(j["t_s"], 2)] = j["tracks"]
    return out


def pairs(truth, folder):
    """Each true person in view with the nearest track within 0.3 m, per frame."""
    tracks = tracks_by_time(folder)
    for f in truth["frames"]:
        for p in f["people"]:
            if not p["in_view"]:
                continue
            tx, ty = p["floor_xy"]
            best = None
            for tr in tracks.get(round(f["t_s"], 2), []):
                d = math.hypot(tr["x"] - tx, tr["y"] - ty)
                if d < 0.3 and (best is None or d < best[0]):
                    best = (d, tr)
            if best is not None:
                yield p, best[1]


def offset(truth, folder):
    bands = {}
    for p, tr in pairs(truth, folder):
        tx, ty = p["floor_xy"]
        r = math.hypot(tx, ty)
        if r < 0.1:
            continue
        ex, ey = tr["x"] - tx, tr["y"] - ty
        b = bands.setdefault(int(r / 0.4), [0, 0.0, 0.0, 0.0])
        b[0] += 1
        b[1] += (ex * tx + ey * ty) / r
        b[2] += (-ex * ty + ey * tx) / r
        b[3] += tr["stature_m"] - p["stature_m"]
    print("| distance | pairs | radial offset | tangential offset | stature error |")
    print("|---|---|---|---|---|")
    for k in sorted(bands):
        n, ra, ta, st = bands[k]
        print(f"| {k * 0.4:.1f}-{k * 0.4 + 0.4:.1f} m | {n} | {100 * ra / n:+.1f} cm | "
              f"{100 * ta / n:+.1f} cm | {100 * st / n:+.1f} cm |")


def columns(truth, folder):
    cx = truth["camera"]["cx"]
    bands = {}
    for p, tr in pairs(truth, folder):
        u = p["head_px"][0]
        inward = (tr["x"] - p["floor_xy"][0]) * (1 if u < cx else -1)
        b = bands.setdefault(int(u // 40), [0, 0.0, 0.0])
        b[0] += 1
        b[1] += inward
        b[2] += tr["stature_m"] - p["stature_m"]
    print("| head pixel u | pairs | inward offset | stature error |")
    print("|---|---|---|---|")
    for k in sorted(bands):
        n, off, st = bands[k]
        print(f"| {k * 40}-{k * 40 + 40} | {n} | {100 * off / n:+.1f} cm | {100 * st / n:+.1f} cm |")


def occupancy(truth, folder):
    steps = []
    for line in open(folder + "/events.jsonl"):
        j = json.loads(line)
        for c in j.get("region_trigger_data", {}).get("region_count_data", []):
            if c["region"] == 1:
                steps.append((j["device_info"]["running_time"] - 0.5, c["current_total"]))
    runs = []
    wrong = 0
    for f in truth["frames"]:
        count = 0
        for t, n in steps:
            if t <= f["t_s"]:
                count = n
        want = f["occupancy"][0] if f.get("occupancy") else 0
        if count == want:
            continue
        wrong += 1
        if runs and runs[-1][3] == (want, count) and f["frame"] == runs[-1][2] + 1:
            runs[-1][1], runs[-1][2] = f["t_s"], f["frame"]
        else:
            runs.append([f["t_s"], f["t_s"], f["frame"], (want, count)])
    print(f"{wrong} of {len(truth['frames'])} frames differ")
    for t0, t1, _, (want, count) in runs:
        print(f"{t0:.1f}-{t1:.1f} s: true {want}, reported {count}")


def identities(truth, folder):
    tracks = tracks_by_time(folder)
    followed = {}
    for f in truth["frames"]:
        for tr in tracks.get(round(f["t_s"], 2), []):
            near = [(math.hypot(tr["x"] - p["floor_xy"][0], tr["y"] - p["floor_xy"][1]), p["id"])
                    for p in f["people"] if p["in_view"]]
            near = [n for n in near if n[0] < 0.4]
            person = min(near)[1] if near else None
            runs = followed.setdefault(tr["id"], [])
            if runs and runs[-1][2] == person:
                runs[-1][1] = f["t_s"]
            else:
                runs.append([f["t_s"], f["t_s"], person])
    n = 0
    for tid, runs in sorted(followed.items()):
        people = {p for t0, t1, p in runs if p is not None and t1 - t0 >= 0.3 - 1e-9}
        if len(people) > 1:
            n += 1
            print(f"track {tid}: " + " ".join(
                f"{t0:.1f}-{t1:.1f} s P{'-' if p is None else p}" for t0, t1, p in runs))
    print(f"{n} of {len(followed)} tracks followed more than one person")


def follower(frame, tracks, pid):
    """The track whose nearest true person in view is pid, within 0.3 m, or None."""
    people = [p for p in frame["people"] if p["in_view"]]
    best = None
    for tr in tracks.get(round(frame["t_s"], 2), []):
        d, nearest = min((math.hypot(tr["x"] - p["floor_xy"][0], tr["y"] - p["floor_xy"][1]),
                          p["id"]) for p in people) if people else (9.0, None)
        if nearest == pid and d < 0.3 and (best is None or d < best[0]):
            best = (d, tr["id"])
    return best[1] if best else None


def crossings(truth, folder):
    tracks = tracks_by_time(folder)
    frames = truth["frames"]
    fps = truth["fps"]
    stature = {p["id"]: p["stature_m"] for p in truth["people"]}
    missed = 0
    for c in truth["events"]["crossings"]:
        f0, pid = c["frame"], c["person_id"]
        before = frames[max(0, f0 - round(fps)):f0]
        after = frames[f0:f0 + round(fps)]
        followed = [(f["frame"], follower(f, tracks, pid)) for f in before + after]
        ids_before = {t for fr, t in followed if fr < f0 and t is not None}
        ids_after = {t for fr, t in followed if fr >= f0 and t is not None}
        if ids_before & ids_after:
            continue
        missed += 1
        at = next(p for p in frames[f0]["people"] if p["id"] == pid)
        near = [(math.hypot(q["floor_xy"][0] - at["floor_xy"][0], q["floor_xy"][1] - at["floor_xy"][1]),
                 q) for q in frames[f0]["people"] if q["id"] != pid and q["in_view"]]
        others = ", ".join(f"P{q['id']} {d:.2f} m away, {q['stature_m']:.2f} m tall"
                           for d, q in sorted(near, key=lambda n: n[0]) if d < 0.6)
        print(f"P{pid} ({'child' if c['child'] else 'adult'}, {stature[pid]:.2f} m) "
              f"{c['direction']} at {c['t_s']:.2f} s (frame {f0}); near: {others or 'nobody'}")
        print("  " + " ".join(f"{fr}:T{'-' if t is None else t}" for fr, t in followed))
    print(f"{missed} of {len(truth['events']['crossings'])} crossings not followed by one track")


def overlaps(truth, folder):
    close = {}
    for f in truth["frames"]:
        seen = [p for p in f["people"] if p["in_view"]]
        for i, a in enumerate(seen):
            for b in seen[i + 1:]:
                d = math.hypot(a["head_top_cam"][0] - b["head_top_cam"][0],
                               a["head_top_cam"][1] - b["head_top_cam"][1])
                if d < 0.2:
                    close.setdefault((a["id"], b["id"]), []).append((f["t_s"], d))
    for (a, b), runs in sorted(close.items()):
        t_min, d_min = min(runs, key=lambda r: r[1])
        print(f"P{a} and P{b}: {len(runs)} frames under 0.2 m, {runs[0][0]:.1f}-{runs[-1][0]:.1f} s, "
              f"closest {100 * d_min:.1f} cm at {t_min:.1f} s")
    print(f"{len(close)} pairs of people with heads under 0.2 m apart")


if __name__ == "__main__":
    modes = {"offset": offset, "columns": columns, "occupancy": occupancy,
             "identities": identities, "crossings": crossings, "overlaps": overlaps}
    if len(sys.argv) < 3 or sys.argv[1] not in modes:
        sys.exit(__doc__)
    truth_data, sweep_folder = load(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    modes[sys.argv[1]](truth_data, sweep_folder)
