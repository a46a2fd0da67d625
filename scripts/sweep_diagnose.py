#!/usr/bin/env python3
"""Diagnoses one scenario of scripts/accuracy-sweep.sh against the simulator's truth.

Usage:
  python3 scripts/sweep_diagnose.py offset SWEEP_DIR/SCENARIO [TRUTH]
  python3 scripts/sweep_diagnose.py columns SWEEP_DIR/SCENARIO [TRUTH]
  python3 scripts/sweep_diagnose.py occupancy SWEEP_DIR/SCENARIO [TRUTH]
  python3 scripts/sweep_diagnose.py identities SWEEP_DIR/SCENARIO [TRUTH]
  python3 scripts/sweep_diagnose.py crossings SWEEP_DIR/SCENARIO [TRUTH]
  python3 scripts/sweep_diagnose.py overlaps SWEEP_DIR/SCENARIO [TRUTH]
  python3 scripts/sweep_diagnose.py extras SWEEP_DIR/SCENARIO [TRUTH]
  python3 scripts/sweep_diagnose.py candidates SWEEP_DIR/SCENARIO PERSON T0 T1 [RADIUS]

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

extras: the counted crossings of line 1 that no true crossing matches (as `headcount eval` pairs
them: a report of second S counts at S + 0.5 s, each true crossing takes the earliest unmatched
count of its direction within 1 s), and the true ones no count matches. Per extra count, the people
whose head pixel passed the line in that direction from 2 s before it to 1 s after, with
no true crossing of theirs (in view then, or followed by a track though their head's top was
outside the image): where their head crossed the drawn line's extension, how many pixels
beyond the nearer end of the line, and the track nearest them then, within 0.3 m (its floor
point and stature against the person's). A person the truth does not count there, passing a few
pixels beyond the end of the line, is a count decided by centimetres of position or stature.

candidates: needs the sweep run with SWEEP_CANDIDATES=1 (the replay's candidates.jsonl). For one
true person (PERSON, its id) from T0 to T1 seconds: per frame, where the person is (floor point,
head height, in view or not) and every candidate head peak within RADIUS metres of them (default
0.3) with the detector's verdict ("head" or the test that refused it) and its numbers: the peak
and the cap's level, cap disk cells in the cap, shoulder ring cells seen / all / dropped / level
(and in occlusion shadows when asked), and the circle at a head's radius still in the cap / seen.
A larger RADIUS shows what someone pushes or stands beside (a stroller's canopy, an arm).
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
            tr = nearest_track(f, tracks, p)
            if tr is not None:
                yield p, tr


def nearest_track(frame, tracks, person):
    """The track nearest the person's floor point within 0.3 m (in view or not), or None."""
    near = [(math.hypot(tr["x"] - person["floor_xy"][0], tr["y"] - person["floor_xy"][1]), tr)
            for tr in tracks.get(round(frame["t_s"], 2), [])]
    near = [n for n in near if n[0] < 0.3]
    return min(near, key=lambda n: n[0])[1] if near else None


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


def counted_crossings(folder, line):
    """(t_s, direction) of every count of `line` in the events, at its report second + 0.5 s."""
    out = []
    for text in open(folder + "/events.jsonl"):
        j = json.loads(text)
        for ltd in j.get("line_trigger_data", []):
            if ltd["line"] == line:
                out += [(j["device_info"]["running_time"] + 0.5, d) for d in ("in", "out")
                        for _ in range(ltd[d])]
    return sorted(out)


def match_counts(true_list, counted):
    """Greedy as `headcount eval`'s first step: each true crossing takes the earliest unmatched
    count of its direction within 1 s (the eval then re-pairs by child flag, which changes which
    pairs match but not how many). Returns the unmatched true crossings and the unmatched counts;
    where two crossings are under 1 s apart, which of them is named is the greedy's choice."""
    used = [False] * len(counted)
    missed = []
    for c in sorted(true_list, key=lambda c: c["t_s"]):
        k = next((k for k, (t, d) in enumerate(counted) if not used[k] and d == c["direction"]
                  and abs(t - c["t_s"]) <= 1.0), None)
        if k is None:
            missed.append(c)
        else:
            used[k] = True
    return missed, [c for k, c in enumerate(counted) if not used[k]]


def side(a, b, p):
    """Signed distance of pixel p from the segment a-b's line: positive to the right of the
    drawing direction on screen (the "in" side)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    return (dx * (p[1] - a[1]) - dy * (p[0] - a[0])) / math.hypot(dx, dy)


def beyond_end(a, b, p):
    """How far (pixels) pixel p, on the segment's line, lies beyond the nearer end; <= 0 inside."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    along = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length
    return max(-along, along - length)


def extras(truth, folder):
    points = truth["rules"]["lines"][0]["points"]
    true_list = [c for c in truth["events"]["crossings"] if c["line_index"] == 0]
    missed, extra = match_counts(true_list, counted_crossings(folder, 1))
    for c in missed:
        print(f"missed: P{c['person_id']} {c['direction']} at {c['t_s']:.2f} s")
    tracks = tracks_by_time(folder)
    crossed = {(c["person_id"], c["frame"]) for c in truth["events"]["crossings"]}
    frames = truth["frames"]
    for t, direction in extra:
        print(f"extra: {direction} reported at {t - 0.5:.0f} s")
        for prev, f in zip(frames, frames[1:]):
            if not t - 2.0 <= f["t_s"] <= t + 1.0:
                continue
            before = {p["id"]: p for p in prev["people"] if p["head_px"]}
            for p in f["people"]:
                q = before.get(p["id"])
                tr = nearest_track(f, tracks, p)
                if not p["head_px"] or q is None or not (p["in_view"] or q["in_view"] or tr):
                    continue
                for a, b in zip(points, points[1:]):
                    s0, s1 = side(a, b, q["head_px"]), side(a, b, p["head_px"])
                    if (s0 < 0 <= s1 and direction == "in") or (s0 > 0 >= s1 and direction == "out"):
                        w = s0 / (s0 - s1)
                        at = [q["head_px"][i] + w * (p["head_px"][i] - q["head_px"][i]) for i in (0, 1)]
                        second = round(truth["fps"])
                        counted_true = any((p["id"], k) in crossed
                                           for k in range(f["frame"] - second, f["frame"] + second + 1))
                        if counted_true:
                            continue
                        track = (f"T{tr['id']} at ({tr['x']:.3f}, {tr['y']:.3f}) m, stature {tr['stature_m']:.3f} m"
                                 if tr else "no track")
                        hidden = "" if p["in_view"] else " (the head's top outside the image)"
                        print(f"  P{p['id']} at {f['t_s']:.2f} s{hidden}: head crossed the line's extension at "
                              f"({at[0]:.1f}, {at[1]:.1f}) px, {beyond_end(a, b, at):.1f} px beyond its end; "
                              f"head {p['head_height_m']:.3f} m at ({p['floor_xy'][0]:.3f}, "
                              f"{p['floor_xy'][1]:.3f}) m; {track}")
    print(f"{len(extra)} counts without a true crossing, {len(missed)} true crossings without a count")


def candidates(truth, folder, person, t0, t1, radius=0.3):
    peaks = {}
    path = folder + "/candidates.jsonl"
    try:
        lines = open(path).readlines()
    except OSError as e:
        sys.exit(f"candidates: cannot read {path} ({e.strerror}); run the sweep with SWEEP_CANDIDATES=1")
    for line in lines:
        j = json.loads(line)
        peaks[round(j["t_s"], 2)] = j["candidates"]
    for f in truth["frames"]:
        if not t0 <= f["t_s"] <= t1:
            continue
        p = next((q for q in f["people"] if q["id"] == person), None)
        if p is None:
            continue
        x, y = p["floor_xy"]
        print(f"{f['t_s']:.2f} s (frame {f['frame']}): P{person} at ({x:.2f}, {y:.2f}) m, head "
              f"{p['head_height_m']:.3f} m{'' if p['in_view'] else ', out of view'}")
        for c in peaks.get(round(f["t_s"], 2), []):
            d = math.hypot(c["x"] - x, c["y"] - y)
            if d > radius:
                continue
            text = f"  {c['verdict']:<16} ({c['x']:.2f}, {c['y']:.2f}) m, {d:.2f} m away, peak {c['peak_m']:.3f} m"
            if "top_m" in c:
                r = c["ring"]
                hidden = f", {r['hidden']} in shadows" if r["hidden"] >= 0 else ""
                text += (f", top {c['top_m']:.3f} m, cap {c['cap'][0]}/{c['cap'][1]}, ring seen "
                         f"{r['seen']}/{r['all']} dropped {r['drop']} level {r['level']}{hidden}, "
                         f"wide {c['wide'][0]}/{c['wide'][1]}")
            print(text)


if __name__ == "__main__":
    modes = {"offset": offset, "columns": columns, "occupancy": occupancy,
             "identities": identities, "crossings": crossings, "overlaps": overlaps, "extras": extras,
             "candidates": candidates}
    if len(sys.argv) < 3 or sys.argv[1] not in modes:
        sys.exit(__doc__)
    if sys.argv[1] == "candidates":
        if len(sys.argv) < 6:
            sys.exit(__doc__)
        truth_data, sweep_folder = load(sys.argv[2], None)
        candidates(truth_data, sweep_folder, int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]),
                   float(sys.argv[6]) if len(sys.argv) > 6 else 0.3)
    else:
        truth_data, sweep_folder = load(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
        modes[sys.argv[1]](truth_data, sweep_folder)
