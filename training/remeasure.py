"""Re-measure the shipped int8 models' own figures from the .onnx files in models-int8/, without a training checkpoint:
KPNet's validation scenes and real photos (and the operating threshold they imply), PFLD's NME on the landmarks68
validation split. Same data, split, crops and manifest parameters (box mapping, crop) as the ship scripts, through
onnxruntime-node with session.x64quantprecision=1 (ort_node's default, as the daemon runs). The int8 entries of
<model>-int8.metrics.json are replaced and a "remeasured" record says when, with what and on which CPU; fp32, latency
and training entries stay as the shipping run wrote them (they need the checkpoint, or are timings).

Usage: /usr/bin/python3 training/remeasure.py [--model kpnet|pfld68|all] [--emulate-non-vnni [CPU]] [--dry-run]
  Needs the data cache train.sh makes (../shared unpacked into training/cache), the validation scenes
  (`make_scenes.py --val 300 --splits val`), the YuNet keypoints (eval_teachers.py) and onnxruntime-node.
  --emulate-non-vnni also runs the KPNet scenes under qemu-x86_64-static -cpu EPYC-Rome (AVX2 without VNNI) with the
  setting on and off, once, and records both (minutes: every scene runs emulated twice).
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edgeface_train import kpnet_measure as km, ort_node, pfld_measure as pm  # noqa: E402
from edgeface_train.machine import cpu_description, today  # noqa: E402
from edgeface_train.export import sha256  # noqa: E402
from edgeface_train.paths import MODELS, SCENE_CACHE  # noqa: E402
from edgeface_train.runloop import write_json  # noqa: E402

NON_VNNI_CPU = 'EPYC-Rome'


class RemeasureError(Exception):
    """The inputs are not the ones the shipped figures were measured on (so a comparison would mean nothing)."""


def check_model(model_path, manifest):
    if sha256(model_path) != manifest['sha256']:
        raise RemeasureError(f'{model_path} is not the file its manifest describes (sha256 differs)')


def runtime_label():
    return f'onnxruntime-node {ort_node.version()}'


def record(metrics, new, command, runtime, extra=None):
    """The metrics document with the new int8 entries and the record of how they were taken. The values the shipping
    run wrote are kept from the first re-measurement on (a second run must not call re-measured values shipped)."""
    entries = list(new)
    old = metrics.get('remeasured', {}).get('shipping_run_values') or {k: metrics.get(k) for k in entries}
    rec = {'date': today(),
           'command': command,
           'onnx_runtime': runtime or runtime_label(),
           'x64_quant_precision': True,
           'cpu': cpu_description(),
           'entries': entries,
           'from_shipping_run': [k for k in metrics if k not in entries and k != 'remeasured'],
           'shipping_run_values': old}
    return dict(metrics, **new, remeasured=dict(rec, **(extra or {})))


def remeasure_kpnet(model_path, manifest, metrics, scenes, photos, command, run=ort_node.run, emulate_cpu=None,
                    runtime=None):
    """scenes: (images, faces) of the report half (km.report_half); photos: load_real_photos(). Returns the new
    metrics and manifest documents (the manifest changes only when the threshold rule gives another value).
    runtime names what `run` runs the model with (default: the onnxruntime-node that ort_node loads)."""
    check_model(model_path, manifest)
    images, faces = scenes
    n_faces = sum(len(f) for f in faces)
    shipped_faces = metrics['scenes_int8']['gt_faces']
    if n_faces != shipped_faces:
        raise RemeasureError(f'the validation scenes hold {n_faces} faces, the shipped figures were taken on '
                             f'{shipped_faces}: not the same scenes (make_scenes.py --val {km.VAL_SCENES} --splits val)')
    params = manifest['kpnet']
    new = {'scenes_int8': km.scene_metrics(km.run_scenes(model_path, images, run), faces, params),
           'photos_int8': km.photo_metrics(model_path, photos, params, run)}
    # 'shipped' stays the shipping run's threshold when an earlier re-measurement has already moved the manifest
    shipped_thr = metrics.get('remeasured', {}).get('score_threshold', {}).get('shipped', params['score_threshold'])
    implied = km.operating_threshold(new['scenes_int8'])
    extra = {'score_threshold': {'shipped': shipped_thr, 'implied': implied, 'manifest_updated': implied != shipped_thr}}
    if emulate_cpu:
        def emulated(precise):
            return km.scene_metrics(km.run_scenes(model_path, images, lambda m, x: ort_node.run(
                m, x, x64_quant_precision=precise, emulate_cpu=emulate_cpu)), faces, params)
        extra['emulated_non_vnni'] = {'cpu': emulate_cpu, 'x64_quant_precision_on': emulated(True),
                                      'x64_quant_precision_off': emulated(False)}
    elif 'emulated_non_vnni' in metrics.get('remeasured', {}):
        extra['emulated_non_vnni'] = metrics['remeasured']['emulated_non_vnni']
    out = record(metrics, new, command, runtime, extra)
    man = manifest
    if implied != params['score_threshold']:
        man = dict(manifest, kpnet=dict(params, score_threshold=implied))
        out['kpnet'] = dict(out.get('kpnet', params), score_threshold=implied)
    return out, man


def remeasure_pfld(model_path, manifest, metrics, val, command, run=ort_node.run, yunet=None, runtime=None):
    """val: ld.load_labelled()[1]. int8_vs_fp32_relative compares with the shipping run's fp32 NME."""
    check_model(model_path, manifest)
    if len(val) != metrics['val_split']['images']:
        raise RemeasureError(f"{len(val)} validation images, the shipped figures were taken on "
                             f"{metrics['val_split']['images']}: not the same split")
    res = pm.evaluate(model_path, val, manifest['landmarks']['crop'], run, yunet)
    new = {f'int8_{k}': v for k, v in res.items()}
    new['int8_vs_fp32_relative'] = new['int8_gt_keypoints']['nme'] / metrics['fp32_gt_keypoints']['nme'] - 1
    return record(metrics, new, command, runtime)


def load(path):
    with open(path) as f:
        return json.load(f)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--model', choices=['kpnet', 'pfld68', 'all'], default='all')
    ap.add_argument('--emulate-non-vnni', nargs='?', const=NON_VNNI_CPU, default=None, metavar='CPU')
    ap.add_argument('--dry-run', action='store_true', help='print the new figures, write nothing')
    args = ap.parse_args()
    if not ort_node.available():
        sys.exit('onnxruntime-node is not in training/cache/ort (train.sh step 2 unpacks it)')
    command = 'training/remeasure.py ' + ' '.join(sys.argv[1:])
    for name in (['kpnet', 'pfld68'] if args.model == 'all' else [args.model]):
        model = os.path.join(MODELS, f'{name}-int8.onnx')
        man_path, met_path = model[:-5] + '.json', model[:-5] + '.metrics.json'
        manifest, metrics = load(man_path), load(met_path)
        if name == 'kpnet':
            from train_kpnet import load_split
            from edgeface_train.real_photos import load_real_photos
            if not os.path.exists(os.path.join(SCENE_CACHE, 'val.npz')):
                sys.exit(f'no validation scenes in {SCENE_CACHE}: run training/make_scenes.py --val {km.VAL_SCENES} '
                         '--splits val')
            images, faces = load_split('val')
            out, new_man = remeasure_kpnet(model, manifest, metrics, km.report_half(images, faces),
                                           load_real_photos(), command, emulate_cpu=args.emulate_non_vnni)
        else:
            from edgeface_train import landmarks_data as ld
            out, new_man = remeasure_pfld(model, manifest, metrics, ld.load_labelled()[1], command), manifest
        changed = {k: (metrics.get(k), out[k]) for k in out['remeasured']['entries']}
        print(json.dumps({name: {'before_after': changed, 'remeasured': out['remeasured']}}, indent=1,
                         default=str), flush=True)
        if args.dry_run:
            continue
        write_json(met_path, out)
        if new_man is not manifest:
            write_json(man_path, new_man)
            print(f"{name}: score_threshold {manifest['kpnet']['score_threshold']} -> "
                  f"{new_man['kpnet']['score_threshold']} (precision >= 90 % rule); manifest updated", flush=True)


if __name__ == '__main__':
    main()
