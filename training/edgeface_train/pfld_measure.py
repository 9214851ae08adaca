"""PFLD accuracy through ONNX Runtime on the landmarks68 validation split: what ship_pfld.py reports for a freshly
quantized model and remeasure.py for a shipped one (same crops, same NME)."""
import json
import os

import numpy as np

from . import geometry as g, landmarks_data as ld, ort_node
from .paths import CACHE

YUNET_KEYPOINTS = os.path.join(CACHE, 'teacher', 'yunet_val_keypoints.json')


def crops_for(items, kp_source, crop=None):
    """keypoints5 crops (N x 3 x 112 x 112, RGB/255) of the items, and each crop's frame for mapping points back."""
    xs, frames = [], []
    for item in items:
        img, frame = ld.eval_crop(item[0], kp_source(item), crop)
        xs.append(img.transpose(2, 0, 1).astype(np.float32) / 255.0)
        frames.append(frame)
    return np.stack(xs), frames


def nme_stats(out, items, frames):
    errs = np.array([ld.nme(g.crop_to_points(o.reshape(68, 2), *f), item[1]) for o, item, f in zip(out, items, frames)])
    return {'nme': float(errs.mean()), 'failure_rate_10': float((errs > 0.1).mean()), 'count': int(len(errs))}


def gt_keypoint_crops(val, crop=None):
    """Crops from the five points derived from the 68 labels (the GT-keypoint rows of the model card)."""
    return crops_for(val, lambda it: g.five_from_68(it[1]), crop)


def yunet_keypoint_crops(val, crop=None, path=YUNET_KEYPOINTS):
    """(items, crops, frames) from the YuNet teacher's keypoints (eval_teachers.py caches them); None without them."""
    if not os.path.exists(path):
        return None
    with open(path) as f:
        yk = json.load(f)
    sel = [it for it in val if it[3] in yk]
    if not sel:
        return None
    x, frames = crops_for(sel, lambda it: np.array(yk[it[3]]), crop)
    return sel, x, frames


def evaluate(model_path, val, crop=None, run=ort_node.run, yunet=None):
    """{'gt_keypoints': stats, 'yunet_keypoints': stats (when the teacher's keypoints are there)} for one model.
    yunet: a yunet_keypoint_crops result to reuse (crops are the slow part), or None to build it."""
    xv, frames = gt_keypoint_crops(val, crop)
    res = {'gt_keypoints': nme_stats(run(model_path, xv)['landmarks'], val, frames)}
    yunet = yunet if yunet is not None else yunet_keypoint_crops(val, crop)
    if yunet:
        sel, xy, fy = yunet
        res['yunet_keypoints'] = nme_stats(run(model_path, xy)['landmarks'], sel, fy)
    return res
