"""Accuracy of the shipped models through the real runtime (`edgeface eval`), end to end as the daemon runs them:
the KPNet detector's boxes and keypoints feed the PFLD crop. Writes the identity-disjoint landmarks68 validation split
(the same split training uses) and the dlib photos as label files, runs `./edgeface eval` on each, and prints both
results as JSON. The teacher figures to compare with come from eval_teachers.py (OpenCV, same images).

Usage: /usr/bin/python3 training/eval_runtime.py [--detector MANIFEST] [--landmarker MANIFEST] [--out FILE]
(the model card reads models-int8/runtime-eval.json: the shipped pair, and PFLD behind the YuNet teacher's boxes)
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edgeface_train import landmarks_data as ld  # noqa: E402
from edgeface_train.paths import LANDMARKS68, REPO, SCENES  # noqa: E402


def run_eval(labels, images, extra):
    out = subprocess.run([os.path.join(REPO, 'edgeface'), 'eval', labels, '--images', images, '--json'] + extra,
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--detector')
    ap.add_argument('--landmarker')
    ap.add_argument('--config', help='an edgeface configuration file (e.g. detection.landmark_passes)')
    ap.add_argument('--out', help='also write the JSON here')
    args = ap.parse_args()
    extra = (['--detector', args.detector] if args.detector else []) + (['--landmarker', args.landmarker] if args.landmarker else []) \
        + (['--config', args.config] if args.config else [])
    _, val = ld.load_labelled()
    with tempfile.TemporaryDirectory(prefix='edgeface-eval-') as tmp:
        labels = os.path.join(tmp, 'val68.csv')
        with open(labels, 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(['file', 'identity'] + [f'{a}{i}' for i in range(68) for a in 'xy'])
            for _, p68, identity, name in val:
                # labels.csv convention: pixel indices (the loader added 0.5 for pixel centres)
                w.writerow([name, identity] + [f'{v - 0.5:.1f}' for v in p68.reshape(-1)])
        landmarks = run_eval(labels, os.path.join(LANDMARKS68, 'images'), extra)
    photos = run_eval(os.path.join(SCENES, 'testing.xml'), SCENES, extra)
    photos_train = run_eval(os.path.join(SCENES, 'training.xml'), SCENES, extra)
    res = {'detector': args.detector or 'shipped', 'landmarker': args.landmarker or 'shipped', 'config': args.config,
           'landmarks68_val': landmarks, 'dlib_testing': photos, 'dlib_training': photos_train}
    print(json.dumps(res, indent=1))
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(res, f, indent=1)
            f.write('\n')


if __name__ == '__main__':
    main()
