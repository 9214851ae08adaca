"""Accuracy of the shipped models through the real runtime (`edgeface eval`), end to end as the daemon runs them:
the KPNet detector's boxes and keypoints feed the PFLD crop. Writes the identity-disjoint landmarks68 validation split
(the same split training uses) and the dlib photos as label files, runs `./edgeface eval` on each, and prints both
results as JSON. The teacher figures to compare with come from eval_teachers.py (OpenCV, same images).

Usage: /usr/bin/python3 training/eval_runtime.py [--detector MANIFEST] [--landmarker MANIFEST] [--config FILE] [--out FILE]
       /usr/bin/python3 training/eval_runtime.py --all   # the three files the model card reads, in models-int8/:
  runtime-eval.json (the shipped pair), runtime-eval-yunet.json (PFLD behind the YuNet teacher's boxes) and
  runtime-eval-passes.json (the shipped pair with 1, 2 and 3 landmark passes)
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
from edgeface_train.machine import cpu_description, today  # noqa: E402
from edgeface_train.paths import LANDMARKS68, MODELS, REPO, SCENES, TEACHERS  # noqa: E402


def run_eval(labels, images, extra, name):
    out = subprocess.run([os.path.join(REPO, 'edgeface'), 'eval', labels, '--images', images, '--json'] + extra,
                         check=True, capture_output=True, text=True)
    # The label file's path is a temporary or cache folder of the machine that ran this: keep a stable name instead.
    return json.loads(out.stdout) | {'labels': name}


def runtime_record(config=None):
    """Which ONNX Runtime the C# runtime loaded, whether the x64 int8 precision setting was on, on which CPU, when."""
    out = subprocess.run([os.path.join(REPO, 'edgeface'), 'providers', '--json'], check=True, capture_output=True,
                         text=True)
    precise = True  # inference.x64_quant_precision defaults to on
    if config:
        with open(config) as f:
            precise = json.load(f).get('inference', {}).get('x64_quant_precision', True)
    return {'onnx_runtime': json.loads(out.stdout)['onnxruntime_version'], 'x64_quant_precision': precise,
            'cpu': cpu_description(), 'date': today()}


def evaluate(detector=None, landmarker=None, config=None):
    """Runs edgeface eval on the validation split and the dlib photos; returns the result document."""
    extra = (['--detector', detector] if detector else []) + (['--landmarker', landmarker] if landmarker else []) \
        + (['--config', config] if config else [])
    _, val = ld.load_labelled()
    with tempfile.TemporaryDirectory(prefix='edgeface-eval-') as tmp:
        labels = os.path.join(tmp, 'val68.csv')
        with open(labels, 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(['file', 'identity'] + [f'{a}{i}' for i in range(68) for a in 'xy'])
            for _, p68, identity, name in val:
                # labels.csv convention: pixel indices (the loader added 0.5 for pixel centres)
                w.writerow([name, identity] + [f'{v - 0.5:.1f}' for v in p68.reshape(-1)])
        landmarks = run_eval(labels, os.path.join(LANDMARKS68, 'images'), extra,
                             'landmarks68 validation split (val68.csv written by eval_runtime.py)')
    photos = run_eval(os.path.join(SCENES, 'testing.xml'), SCENES, extra, 'scenes.tar: testing.xml')
    photos_train = run_eval(os.path.join(SCENES, 'training.xml'), SCENES, extra, 'scenes.tar: training.xml')
    return {'detector': detector or 'shipped', 'landmarker': landmarker or 'shipped', 'config': config,
            'runtime': runtime_record(config),
            'landmarks68_val': landmarks, 'dlib_testing': photos, 'dlib_training': photos_train}


def write(path, doc):
    """Writes doc; a result document also records whether its figures equal those of the file it replaces."""
    if 'runtime' in doc and os.path.exists(path):
        with open(path) as f:
            before = json.load(f)
        strip = lambda d: {k: v for k, v in d.items() if k != 'runtime'}  # noqa: E731
        doc['runtime']['same_figures_as_replaced_file'] = strip(before) == strip(json.loads(json.dumps(doc)))
    with open(path, 'w') as f:
        json.dump(doc, f, indent=1)
        f.write('\n')


def yunet_manifest(path):
    """The YuNet example manifest (docs/examples) pointed at the teacher in ../shared (a detector users may bring)."""
    with open(os.path.join(REPO, 'docs', 'examples', 'yunet-n.json')) as f:
        m = json.load(f)
    write(path, m | {'file': os.path.join(TEACHERS, 'yunet_n_320_320.onnx'), 'provenance': 'teacher (not shipped)'})


def evaluate_all():
    defaults = 'defaults (detection.landmark_passes 2)'
    shipped = evaluate()
    shipped['config'] = defaults
    write(os.path.join(MODELS, 'runtime-eval.json'), shipped)
    with tempfile.TemporaryDirectory(prefix='edgeface-eval-') as tmp:
        manifest = os.path.join(tmp, 'yunet.json')
        yunet_manifest(manifest)
        behind_yunet = evaluate(detector=manifest)
        behind_yunet['detector'] = 'YuNet-n teacher (../shared/teachers/yunet_n_320_320.onnx, not shipped)'
        behind_yunet['config'] = defaults
        write(os.path.join(MODELS, 'runtime-eval-yunet.json'), behind_yunet)
        passes = {}
        for n in (1, 2, 3):
            config = os.path.join(tmp, f'passes{n}.json')
            write(config, {'detection': {'landmark_passes': n}})
            passes[str(n)] = evaluate(config=config)['landmarks68_val']['landmarks']
        write(os.path.join(MODELS, 'runtime-eval-passes.json'), passes)
    print('wrote runtime-eval.json, runtime-eval-yunet.json and runtime-eval-passes.json into', MODELS)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--detector')
    ap.add_argument('--landmarker')
    ap.add_argument('--config', help='an edgeface configuration file (e.g. detection.landmark_passes)')
    ap.add_argument('--out', help='also write the JSON here')
    ap.add_argument('--all', action='store_true', help='write the three files the model card reads into models-int8/')
    args = ap.parse_args()
    if args.all:
        evaluate_all()
        return
    res = evaluate(args.detector, args.landmarker, args.config)
    print(json.dumps(res, indent=1))
    if args.out:
        write(args.out, res)


if __name__ == '__main__':
    main()
