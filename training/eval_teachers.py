"""Teacher baselines through OpenCV dnn: YuNet-n + pfld68_cunjian on the landmarks68 validation split, and YuNet-n on
the labelled real photos. Also caches YuNet keypoints of the validation images for ship_pfld.py."""
import json
import math
import os
import sys

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edgeface_train import geometry as g, landmarks_data as ld  # noqa: E402
from edgeface_train.paths import CACHE, TEACHERS  # noqa: E402
from edgeface_train.real_photos import load_real_photos  # noqa: E402
from edgeface_train.kpnet_eval import detection_metrics  # noqa: E402
from edgeface_train.runloop import write_json  # noqa: E402


_NET = {}


def yunet(img_rgb, thr=0.3, size=320):
    """YuNet-n (fixed 320x320 model) through cv2.dnn on a top-left letterbox, decoded as the README describes
    (OpenCV 4.6's FaceDetectorYN only knows the older YuNet outputs). Rows: x, y, w, h, 5 x (kx, ky), score."""
    if 'net' not in _NET:
        _NET['net'] = cv2.dnn.readNetFromONNX(os.path.join(TEACHERS, 'yunet_n_320_320.onnx'))
    net = _NET['net']
    lb, sx, sy = g.letterbox(img_rgb, size, size)
    net.setInput(cv2.dnn.blobFromImage(cv2.cvtColor(lb, cv2.COLOR_RGB2BGR)))
    names = [f'{k}_{s}' for s in (8, 16, 32) for k in ('cls', 'obj', 'bbox', 'kps')]
    outs = dict(zip(names, net.forward(names)))
    rows = []
    for s in (8, 16, 32):
        n = size // s
        idx = np.arange(n * n)
        col, row = (idx % n).astype(np.float32), (idx // n).astype(np.float32)
        score = np.sqrt(np.clip(outs[f'cls_{s}'][0, :, 0], 0, 1) * np.clip(outs[f'obj_{s}'][0, :, 0], 0, 1))
        keep = score >= thr
        if not keep.any():
            continue
        bb = outs[f'bbox_{s}'][0][keep]
        kp = outs[f'kps_{s}'][0][keep]
        c, r = col[keep], row[keep]
        cx, cy = (c + bb[:, 0]) * s, (r + bb[:, 1]) * s
        w, h = np.exp(bb[:, 2]) * s, np.exp(bb[:, 3]) * s
        kx = (c[:, None] + kp[:, 0::2]) * s
        ky = (r[:, None] + kp[:, 1::2]) * s
        k = np.stack([kx, ky], 2).reshape(-1, 10)
        rows.append(np.concatenate([np.stack([cx - w / 2, cy - h / 2, w, h], 1), k, score[keep][:, None]], 1))
    if not rows:
        return np.zeros((0, 15), np.float32)
    faces = np.concatenate(rows)
    keep = cv2.dnn.NMSBoxes(faces[:, :4].tolist(), faces[:, 14].tolist(), thr, 0.4)
    faces = faces[np.array(keep).reshape(-1)]
    faces[:, 0:14:2] /= sx
    faces[:, 1:14:2] /= sy
    return faces


def main():
    cv2.setNumThreads(1)
    out_dir = os.path.join(CACHE, 'teacher')
    os.makedirs(out_dir, exist_ok=True)
    pfld = cv2.dnn.readNetFromONNX(os.path.join(TEACHERS, 'pfld68_cunjian.onnx'))
    _, val = ld.load_labelled()
    errs, misses, kps = [], 0, {}
    for img, p68, _, name in val:
        faces = yunet(img)
        if len(faces) == 0:
            misses += 1
            continue
        f = faces[np.argmax(faces[:, -1])]
        x, y, w, h = f[:4]
        kp = f[4:14].reshape(5, 2)
        kps[name] = kp.tolist()
        side = 1.2 * max(w, h)
        centre = (x + w / 2, y + h / 2)
        crop = g.warp_crop(img, centre, side, 0.0, 112)
        pfld.setInput(cv2.dnn.blobFromImage(crop, 1 / 255.0))
        o = pfld.forward().reshape(68, 2)
        errs.append(ld.nme(g.crop_to_points(o, centre, side, 0.0), p68))
    errs = np.array(errs)
    with open(os.path.join(out_dir, 'yunet_val_keypoints.json'), 'w') as fh:
        json.dump(kps, fh)
    res = {'landmarks': {'pipeline': 'YuNet-n 320x320 (letterbox) + pfld68_cunjian, box_square 1.2 crop',
                         'nme': float(errs.mean()), 'failure_rate_10': float((errs > 0.1).mean()),
                         'detected': len(errs), 'missed': misses}}
    # Detector on the labelled real photos, at the same 320x240 letterbox resolution KPNet sees, and full size.
    photos = load_real_photos()
    for label in ['yunet_n_320x320_letterbox']:
        dets_all, gts_all = [], []
        for img, gts in photos:
            faces = yunet(img, thr=0.05)
            dets_all.append([{'box': list(map(float, f[:4])), 'score': float(f[-1])} for f in faces])
            gts_all.append(gts)
        res[label] = {iou: detection_metrics(dets_all, gts_all, iou) for iou in (0.3, 0.5)}
    print(json.dumps(res, indent=1))
    write_json(os.path.join(out_dir, 'teacher-metrics.json'), res)


if __name__ == '__main__':
    main()
