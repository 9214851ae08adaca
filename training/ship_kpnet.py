"""Export the best KPNet checkpoint, fit the box mapping by least squares, quantize to int8 QDQ, evaluate fp32 vs
int8 in ONNX Runtime (synthetic validation scenes + real photos), write models-int8/kpnet-int8.{onnx,json}."""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edgeface_train import export, manifest, ort_node, quantize  # noqa: E402
from edgeface_train import kpnet_decode as kd, kpnet_eval as ke, kpnet_measure as km  # noqa: E402
from edgeface_train.kpnet_model import KPNet, KPNetExport  # noqa: E402
from edgeface_train.paths import MODELS, RUNS  # noqa: E402
from edgeface_train.real_photos import load_real_photos  # noqa: E402
from edgeface_train.runloop import write_json  # noqa: E402
from train_kpnet import load_split  # noqa: E402

W, H = km.W, km.H


def fit_box(outs, faces, params):
    """Least squares for box = (mean kp + (cx, cy) * size, (w, h) * size) on matched validation detections."""
    p = dict(params, score_threshold=0.3, box={'cx': 0, 'cy': 0, 'w': 1, 'h': 1})
    rows = []
    for (s, k), fs in zip(outs, faces):
        dets = kd.decode(s, k, p)
        for d in dets:
            # match on centre distance: the box is what we are fitting
            mx, my = d['keypoints'].mean(0)
            best = None
            for f in fs:
                dist = math.hypot(f[0] - mx, f[1] - my)
                if dist < 0.35 * math.sqrt(f[2] * f[3]) and (best is None or dist < best[0]):
                    best = (dist, f)
            if best:
                f = best[1]
                rows.append((mx, my, d['size'], f[0], f[1], f[2], f[3]))
    if len(rows) < 5:
        print(f'box fit: only {len(rows)} matched faces, keeping the default box', flush=True)
        return dict(params['box']), len(rows)
    r = np.array(rows)
    z = r[:, 2]
    box = {'cx': float(((r[:, 3] - r[:, 0]) * z).sum() / (z * z).sum()),
           'cy': float(((r[:, 4] - r[:, 1]) * z).sum() / (z * z).sum()),
           'w': float((r[:, 5] * z).sum() / (z * z).sum()),
           'h': float((r[:, 6] * z).sum() / (z * z).sum())}
    return {k: round(v, 5) for k, v in box.items()}, len(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', default='kpnet')
    ap.add_argument('--calib', type=int, default=120)
    ap.add_argument('--val', type=int, default=km.VAL_SCENES)
    ap.add_argument('--no-install', action='store_true')
    args = ap.parse_args()
    torch.set_num_threads(2)
    run_dir = os.path.join(RUNS, args.run)
    ck = torch.load(os.path.join(run_dir, 'best.pt'), map_location='cpu')
    params = ke.default_params()
    net = KPNet(scale_bins=params['scale_bins']['count'])
    net.load_state_dict(ck['model'])
    fp32 = os.path.join(run_dir, 'kpnet-fp32.onnx')
    int8 = os.path.join(run_dir, 'kpnet-int8.onnx')
    export.export(KPNetExport(net), (1, 3, H, W), fp32, 'input', ['scale', 'kpt'])

    timages, _ = load_split('train')
    vimages, vfaces = load_split('val')
    vimages, vfaces = vimages[:args.val], vfaces[:args.val]
    rng = np.random.RandomState(3)
    calib = timages[rng.choice(len(timages), args.calib, replace=False)]
    ranges = quantize.calibrate(fp32, calib.transpose(0, 3, 1, 2).astype(np.float32) / 255.0)
    # heads float: quantised scale logits would leave a handful of distinct scores (keep_heads_float.py)
    quantize.quantize(fp32, int8, ranges, keep_heads_float=True)

    outs32 = km.run_scenes(fp32, vimages)
    half = len(vimages) // 2
    # Fit the box mapping on the first half of the validation scenes, report on the second half.
    params['box'], n_fit = fit_box(outs32[:half], vfaces[:half], params)
    outs8 = km.run_scenes(int8, vimages[half:])
    res = {'checkpoint_metrics': ck.get('metrics'), 'box_fit_faces': n_fit, 'box': params['box'],
           'scenes_fp32': km.scene_metrics(outs32[half:], vfaces[half:], params),
           'scenes_int8': km.scene_metrics(outs8, vfaces[half:], params)}
    photos = load_real_photos()
    res['photos_fp32'] = km.photo_metrics(fp32, photos, params)
    res['photos_int8'] = km.photo_metrics(int8, photos, params)
    params['score_threshold'] = km.operating_threshold(res['scenes_int8'])
    sample = vimages[0].transpose(2, 0, 1).astype(np.float32) / 255.0
    opt_path = os.path.join(run_dir, 'kpnet-int8.optimized.onnx')
    res['latency'] = {f'int8_{t}thread': ort_node.bench(int8, sample, threads=t, optimized=opt_path if t == 1 else None)
                      for t in (1, 2)}
    res['latency'].update({f'fp32_{t}thread': ort_node.bench(fp32, sample, threads=t) for t in (1, 2)})
    res['optimized_int8_ops'] = quantize.op_histogram(opt_path)
    res['params'] = int(sum(p.numel() for p in net.parameters()))
    res['macs'] = export.count_macs(fp32)
    res['file_bytes'] = os.path.getsize(int8)
    res['kpnet'] = params
    print(json.dumps(res, indent=1), flush=True)
    write_json(os.path.join(run_dir, 'ship-metrics.json'), res)
    calibration = (f'{len(calib)} training scenes (320x240); per-tensor min/max (0.7 x mean of per-sample '
                   'extremes + 0.3 x global extreme) measured with ONNX Runtime 1.30')
    cfg_path = os.path.join(run_dir, 'config.json')
    init = json.load(open(cfg_path)).get('init_from') if os.path.exists(cfg_path) else None
    how = ('trained from random weights' if not init else
           f"trained (continuing the previous release's weights, {init.get('file')}, train.sh --from)")
    provenance = (f'KPNet designed by EdgeFace (docs/models.md), {how} by training/train.sh kpnet on '
                  'composed scenes: faces5 + landmarks68 training-split face crops pasted on scikit-image sample '
                  'photos and procedural textures, and whole landmarks68 frames and group photos (full frame or as '
                  'mosaic tiles) with YuNet-teacher pseudo-labels; box mapping fitted by least squares on validation '
                  'scenes; '
                  f'exported with torch {torch.__version__} to ONNX opset 13, quantized by '
                  'training/edgeface_train/quantize.py.')
    man = manifest.kpnet_manifest(int8, params, W, H, calibration, provenance)
    write_json(os.path.join(run_dir, 'kpnet-int8.json'), man)
    if not args.no_install:
        manifest.install('kpnet', int8, man, res, run_dir, MODELS)


if __name__ == '__main__':
    main()
