"""Export the best PFLD checkpoint, quantize it to int8 QDQ, evaluate fp32 vs int8 in ONNX Runtime, and write
models-int8/pfld68-int8.{onnx,json} plus metrics/config beside the run."""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edgeface_train import export, landmarks_data as ld, manifest, ort_node, quantize  # noqa: E402
from edgeface_train import pfld_measure as pm  # noqa: E402
from edgeface_train.paths import MODELS, RUNS  # noqa: E402
from edgeface_train.pfld_model import PFLD, PFLDExport  # noqa: E402
from edgeface_train.runloop import write_json  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', default='pfld')
    ap.add_argument('--calib', type=int, default=200)
    ap.add_argument('--limit', type=int, default=None)
    ap.add_argument('--no-install', action='store_true', help='do not copy into models-int8/')
    args = ap.parse_args()
    torch.set_num_threads(2)
    run_dir = os.path.join(RUNS, args.run)
    ck = torch.load(os.path.join(run_dir, 'best.pt'), map_location='cpu')
    net = PFLD()
    net.load_state_dict(ck['model'])
    fp32 = os.path.join(run_dir, 'pfld68-fp32.onnx')
    int8 = os.path.join(run_dir, 'pfld68-int8.onnx')
    export.export(PFLDExport(net), (1, 3, 112, 112), fp32, 'input', ['landmarks'])

    train, val = ld.load_labelled(limit=args.limit)
    # Calibration: training-identity crops built like the runtime's (jitter-free keypoints from the 68 points).
    rng = np.random.RandomState(5)
    calib_items = [train[i] for i in rng.choice(len(train), min(args.calib, len(train)), replace=False)]
    xc, _ = pm.gt_keypoint_crops(calib_items)
    ranges = quantize.calibrate(fp32, xc)
    quantize.quantize(fp32, int8, ranges)

    xv, _ = pm.gt_keypoint_crops(val)
    res = {'checkpoint_metrics': ck.get('metrics')}
    # GT-derived keypoints, and the realistic pipeline (YuNet-n keypoints -> keypoints5 crop) when they are cached.
    yunet = pm.yunet_keypoint_crops(val)
    for name, path in [('fp32', fp32), ('int8', int8)]:
        for kind, stats in pm.evaluate(path, val, yunet=yunet).items():
            res[f'{name}_{kind}'] = stats
    res['int8_vs_fp32_relative'] = res['int8_gt_keypoints']['nme'] / res['fp32_gt_keypoints']['nme'] - 1
    opt_path = os.path.join(run_dir, 'pfld68-int8.optimized.onnx')
    res['latency'] = {f'int8_{t}thread': ort_node.bench(int8, xv[0], threads=t, optimized=opt_path if t == 1 else None)
                      for t in (1, 2)}
    res['latency'].update({f'fp32_{t}thread': ort_node.bench(fp32, xv[0], threads=t) for t in (1, 2)})
    res['optimized_int8_ops'] = quantize.op_histogram(opt_path)
    res['params'] = int(sum(p.numel() for k, p in net.named_parameters() if not k.startswith('aux')))
    res['macs'] = export.count_macs(fp32)
    res['file_bytes'] = os.path.getsize(int8)
    res['val_split'] = {'images': len(val), 'identities': len(set(v[2] for v in val))}
    print(json.dumps(res, indent=1), flush=True)
    write_json(os.path.join(run_dir, 'ship-metrics.json'), res)

    calibration = (f'{len(xc)} keypoints5 crops of training-split landmarks68 images; per-tensor min/max '
                   '(0.7 x mean of per-sample extremes + 0.3 x global extreme) measured with ONNX Runtime 1.30')
    provenance = ('PFLD-68 (Guo et al. 2019 layout, width 0.25, auxiliary pose net in training only) trained from '
                  'scratch by EdgeFace training/train.sh pfld on landmarks68 (identity-disjoint split), crops from the '
                  'five keypoints derived from the 68 labels with jitter; exported with torch '
                  f'{torch.__version__} to ONNX opset 13 and quantized by training/edgeface_train/quantize.py.')
    man = manifest.pfld_manifest(int8, ld.CROP, calibration, provenance)
    write_json(os.path.join(run_dir, 'pfld68-int8.json'), man)
    if not args.no_install:
        manifest.install('pfld68', int8, man, res, run_dir, MODELS)


if __name__ == '__main__':
    main()
