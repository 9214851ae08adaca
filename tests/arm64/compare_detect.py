#!/usr/bin/env python3
"""Compares two `edgeface detect --json` outputs (one JSON line per image) face by face.
    compare_detect.py REFERENCE.jsonl CANDIDATE.jsonl [--px 0.5] [--score 0.005] [--only-candidate-files]
Faces are paired by box overlap; each pair must agree on the box, the five keypoints and the 68 landmarks within
--px pixels per coordinate and on the score within --score. The images must be the same and each must have the
same number of faces. Prints one line per image and a last line "N passed, N failed"; exit 1 on any failure.
"""
import argparse
import json
import sys


def load(path):
    rows = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                row = json.loads(line)
                rows[row["file"]] = row
    return rows


def iou(a, b):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    w = max(0.0, min(ax + aw, bx + bw) - max(ax, bx))
    h = max(0.0, min(ay + ah, by + bh) - max(ay, by))
    inter = w * h
    union = aw * ah + bw * bh - inter
    return inter / union if union > 0 else 0.0


def max_diff(a, b):
    flat_a = [v for p in a for v in (p if isinstance(p, list) else [p])]
    flat_b = [v for p in b for v in (p if isinstance(p, list) else [p])]
    if len(flat_a) != len(flat_b):
        return float("inf")
    return max((abs(x - y) for x, y in zip(flat_a, flat_b)), default=0.0)


def compare(ref, cand, px, score_tol):
    problems, worst = [], {"box": 0.0, "keypoints": 0.0, "landmarks": 0.0, "score": 0.0}
    if "error" in ref or "error" in cand:
        return [f"error: reference {ref.get('error')!r}, candidate {cand.get('error')!r}"], worst
    rf, cf = ref["faces"], cand["faces"]
    if len(rf) != len(cf):
        return [f"{len(rf)} faces in the reference, {len(cf)} in the candidate"], worst
    unpaired = list(range(len(cf)))
    for i, r in enumerate(rf):
        j = max(unpaired, key=lambda k: iou(r["box"], cf[k]["box"]))
        unpaired.remove(j)
        c = cf[j]
        for key in ("box", "keypoints", "landmarks"):
            if (key in r) != (key in c):
                problems.append(f"face {i}: {key} present in only one output")
                continue
            if key in r:
                d = max_diff(r[key], c[key])
                worst[key] = max(worst[key], d)
                if d > px:
                    problems.append(f"face {i}: {key} differ by {d:.2f} px (tolerance {px})")
        d = abs(r["score"] - c["score"])
        worst["score"] = max(worst["score"], d)
        if d > score_tol:
            problems.append(f"face {i}: score {r['score']} vs {c['score']} (tolerance {score_tol})")
    return problems, worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("candidate")
    ap.add_argument("--px", type=float, default=0.5)
    ap.add_argument("--score", type=float, default=0.005)
    ap.add_argument("--only-candidate-files", action="store_true", help="compare only the images the candidate ran on")
    a = ap.parse_args()
    ref, cand = load(a.reference), load(a.candidate)
    if a.only_candidate_files:
        ref = {k: v for k, v in ref.items() if k in cand}
    passed = failed = 0
    if not ref or set(ref) != set(cand):
        print(f"FAIL images differ: reference {sorted(ref)}, candidate {sorted(cand)}")
        failed += 1
    for name in sorted(set(ref) & set(cand)):
        problems, worst = compare(ref[name], cand[name], a.px, a.score)
        faces = len(ref[name].get("faces", []))
        summary = ", ".join(f"{k} {v:.3f}" for k, v in worst.items())
        if problems:
            failed += 1
            print(f"FAIL {name}: " + "; ".join(problems))
        else:
            passed += 1
            print(f"pass {name}: {faces} face(s), largest differences {summary}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
