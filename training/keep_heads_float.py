"""Make the shipped KPNet's heads float: drop the QuantizeLinear/DequantizeLinear pair on the scale head's logits
(quantize.float_heads), so the last head conv runs in float on its dequantised int8 weights and the Sigmoid reads
float logits. The int8 body and every weight stay as they are; no checkpoint is needed.

Why: quantised, the scale logits reach the Sigmoid in steps of about 0.37 (uint8 over the calibrated range), which
leaves a handful of possible scores between the threshold and 1 (ranking, thresholds and the tracker suffer).

The script measures the file it replaces and the edited one the same way (validation scenes, real photos, the
threshold rule; distinct score levels; the two files' latency, paired: interleaved rounds in the same run) and
installs the edited file only when it has at least MIN_LEVELS levels between the threshold and 1 and its AP is not
lower on the validation scenes or the real photos. It writes models-int8/kpnet-int8.{onnx,json,metrics.json}
(manifest sha256, version bump, the quantization block says the heads are float; the metrics' "score_levels"
record holds the before/after figures). Afterwards: make_fixtures.py, eval_runtime.py --all, make_model_card.py.
New runs of ship_kpnet.py quantise with keep_heads_float=True and need none of this.

Usage: /usr/bin/python3 training/keep_heads_float.py [--dry-run] [--rounds N]
  Needs what remeasure.py needs (training/cache with the validation scenes and onnxruntime-node; ../shared scenes).
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import remeasure  # noqa: E402
from edgeface_train import geometry as g, kpnet_decode as kd, kpnet_measure as km, ort_node, quantize  # noqa: E402
from edgeface_train.export import sha256  # noqa: E402
from edgeface_train.machine import cpu_description, today  # noqa: E402
from edgeface_train.paths import MODELS  # noqa: E402
from edgeface_train.runloop import write_json  # noqa: E402

# The goal from the models-v2 issue: at least this many distinct scores between the threshold and 1.
MIN_LEVELS = 64
FLOAT_HEADS_NOTE = 'heads float: the scale head\'s last conv runs in float on dequantised int8 weights (its logits are not quantised)'


def representable_levels(model_path, threshold):
    """How many distinct scores the `scale` output can take in [threshold, 1): the uint8 codes of the quantised
    logits that the Sigmoid maps there, or, with float logits, the float32 values in that interval."""
    m = quantize.onnx.load(model_path)
    from onnx import numpy_helper
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    producer = {o: n for n in m.graph.node for o in n.output}
    sig = producer['scale']
    dq = producer.get(sig.input[0])
    if dq is None or dq.op_type != 'DequantizeLinear':
        lo, hi = np.float32(threshold), np.float32(1.0)
        return int(hi.view(np.int32) - lo.view(np.int32))
    s, z = float(inits[dq.input[1]]), int(inits[dq.input[2]])
    codes = np.arange(256)
    p = 1 / (1 + np.exp(-(codes - z) * s))
    return int(((p >= threshold) & (p < 1)).sum())


def score_levels(scene_outs, photo_outs, photo_dets, threshold):
    """Distinct values of the per-cell score (max over scale bins) at or above the threshold, and of the detections'
    scores on the photo with the most detections (the group photo)."""
    def cells(outs):
        v = np.concatenate([s.max(0).ravel() for s, _ in outs])
        v = v[v >= threshold]
        return {'cells': int(v.size), 'distinct': int(np.unique(v).size)}
    i = int(np.argmax([len(d) for d in photo_dets]))
    scores = sorted(float(d['score']) for d in photo_dets[i] if d['score'] >= threshold)
    return {'threshold': threshold, 'validation_scenes': cells(scene_outs), 'real_photos': cells(photo_outs),
            'group_photo': {'photo': i, 'detections': len(scores), 'distinct_scores': len(set(scores)),
                            'scores': [round(s, 4) for s in scores], 'cells': cells([photo_outs[i]])}}


def measure(model_path, scenes, photos, params):
    images, faces = scenes
    scene_outs = km.run_scenes(model_path, images)
    xs, sizes = [], []
    for img, _ in photos:
        xs.append(g.letterbox(img, km.W, km.H)[0].transpose(2, 0, 1).astype(np.float32) / 255.0)
        sizes.append((img.shape[1], img.shape[0]))
    o = ort_node.run(model_path, np.stack(xs))
    photo_outs = list(zip(o['scale'], o['kpt']))
    dets = [kd.decode(s, k, params, fw, fh, km.W, km.H) for (s, k), (fw, fh) in zip(photo_outs, sizes)]
    scene_m = km.scene_metrics(scene_outs, faces, params)
    return {'scenes_int8': scene_m, 'photos_int8': km.photo_metrics(model_path, photos, params),
            'threshold': km.operating_threshold(scene_m),
            'levels': score_levels(scene_outs, photo_outs, dets, params['score_threshold']),
            'representable_levels': representable_levels(model_path, params['score_threshold'])}


def paired_latency(a, b, sample, rounds, iterations=300):
    """Both files benchmarked in the same run, interleaved (a, b, a, b, ...) so the machine's load hits both alike.
    Per file and thread count: the median over rounds of each round's median and min (ms)."""
    out = {}
    for threads in (1, 2):
        runs = {'before': [], 'after': []}
        for _ in range(rounds):
            for name, path in (('before', a), ('after', b)):
                runs[name].append(ort_node.bench(path, sample, threads=threads, iterations=iterations))
        for name, rs in runs.items():
            out[f'{name}_{threads}thread'] = {'median_ms': float(np.median([r['median_ms'] for r in rs])),
                                              'min_ms': float(np.median([r['min_ms'] for r in rs])),
                                              'rounds': rounds, 'iterations': iterations, 'threads': threads}
    return out


def bump_minor(version):
    major, minor, _ = (int(p) for p in version.split('.'))
    return f'{major}.{minor + 1}.0'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--dry-run', action='store_true', help='measure and print, install nothing')
    ap.add_argument('--rounds', type=int, default=5, help='interleaved latency rounds per thread count')
    args = ap.parse_args()
    if not ort_node.available():
        sys.exit('onnxruntime-node is not in training/cache/ort (train.sh step 2 unpacks it)')
    model = os.path.join(MODELS, 'kpnet-int8.onnx')
    man_path, met_path = model[:-5] + '.json', model[:-5] + '.metrics.json'
    manifest, metrics = remeasure.load(man_path), remeasure.load(met_path)
    remeasure.check_model(model, manifest)
    tmp = tempfile.mkdtemp(prefix='edgeface-heads-')
    try:
        edited = os.path.join(tmp, 'kpnet-int8.onnx')
        made_float = quantize.float_heads(model, edited)
        if not made_float:
            sys.exit(f'{model}: no quantised head output left (already float)')
        from train_kpnet import load_split
        from edgeface_train.real_photos import load_real_photos
        images, faces = load_split('val')
        scenes = km.report_half(images, faces)
        if sum(len(f) for f in scenes[1]) != metrics['scenes_int8']['gt_faces']:
            sys.exit('the validation scenes are not the ones the shipped figures were taken on '
                     f'(make_scenes.py --val {km.VAL_SCENES} --splits val)')
        photos = load_real_photos()
        params = manifest['kpnet']
        before = measure(model, scenes, photos, params)
        after = measure(edited, scenes, photos, params)
        sample = scenes[0][0].transpose(2, 0, 1).astype(np.float32) / 255.0
        opt = os.path.join(tmp, 'optimized.onnx')
        ort_node.bench(edited, sample, iterations=5, optimized=opt)
        after_ops = quantize.op_histogram(opt)
        latency = paired_latency(model, edited, sample, args.rounds)
        record = {'date': today(), 'command': 'training/keep_heads_float.py ' + ' '.join(sys.argv[1:]),
                  'onnx_runtime': f'onnxruntime-node {ort_node.version()}', 'cpu': cpu_description(),
                  'machine_busy': 'shared 2-core machine with other jobs running: latency is paired, not absolute',
                  'made_float': made_float, 'replaced_sha256': manifest['sha256'], 'sha256': sha256(edited),
                  'min_levels': MIN_LEVELS,
                  'before': {k: before[k] for k in ('levels', 'representable_levels', 'threshold')},
                  'after': {k: after[k] for k in ('levels', 'representable_levels', 'threshold')},
                  'accuracy_before': {k: before[k] for k in ('scenes_int8', 'photos_int8')},
                  'file_bytes': {'before': os.path.getsize(model), 'after': os.path.getsize(edited)},
                  'optimized_ops': {'before': metrics.get('optimized_int8_ops'), 'after': after_ops},
                  'latency_paired': latency}
        print(json.dumps(record, indent=1, default=str), flush=True)
        problems = []
        if after['representable_levels'] < MIN_LEVELS:
            problems.append(f"{after['representable_levels']} representable score levels (< {MIN_LEVELS})")
        for key in ('scenes_int8', 'photos_int8'):
            a, b = before[key], after[key]
            a, b = (a[0.5], b[0.5]) if key == 'photos_int8' else (a, b)
            if b['ap'] < a['ap']:
                problems.append(f"{key} AP {b['ap']:.4f} < {a['ap']:.4f}")
        if problems:
            sys.exit('not installed: ' + '; '.join(problems))
        if args.dry_run:
            return
        new_man = dict(manifest, version=bump_minor(manifest['version']), sha256=record['sha256'],
                       kpnet=dict(params, score_threshold=after['threshold']),
                       quantization=dict(manifest['quantization'], heads=FLOAT_HEADS_NOTE))
        new_man['provenance'] = manifest['provenance'].rstrip('.') + (
            f"; then the scale head's output Q/DQ pair removed by training/keep_heads_float.py "
            f"(version {new_man['version']}: float scores instead of {before['representable_levels']} levels "
            'between the threshold and 1).')
        new = {k: after[k] for k in ('scenes_int8', 'photos_int8')}
        thr = {'shipped': params['score_threshold'], 'implied': after['threshold'],
               'manifest_updated': after['threshold'] != params['score_threshold']}
        out = remeasure.record(metrics, new, record['command'], record['onnx_runtime'], {'score_threshold': thr})
        out.update(kpnet=new_man['kpnet'], file_bytes=record['file_bytes']['after'], optimized_int8_ops=after_ops,
                   score_levels=record)
        shutil.copyfile(edited, model)
        write_json(man_path, new_man)
        write_json(met_path, out)
        print(f"installed {model} (version {new_man['version']}, threshold {params['score_threshold']} -> "
              f"{after['threshold']}); next: make_fixtures.py, eval_runtime.py --all, make_model_card.py", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
