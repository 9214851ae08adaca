"""KPNet accuracy through ONNX Runtime: validation scenes and the real photos, the operating-threshold rule. Shared by
ship_kpnet.py (a freshly quantized model) and remeasure.py (the shipped one)."""
import numpy as np

from . import geometry as g, kpnet_decode as kd, kpnet_eval as ke, ort_node

W, H = 320, 240
# ship_kpnet.py --val default: the validation scenes used, of which the first half fits the box mapping and the
# second half is where the reported figures come from.
VAL_SCENES = 300
# The operating threshold is the int8 scenes' precision >= 90 % threshold, kept inside these bounds.
THRESHOLD_BOUNDS = (0.2, 0.6)


def report_half(images, faces, val=VAL_SCENES):
    """The validation scenes the reported figures are measured on (the half the box mapping was not fitted on)."""
    images, faces = images[:val], faces[:val]
    half = len(images) // 2
    return images[half:], faces[half:]


def run_scenes(model_path, images, run=ort_node.run):
    x = np.stack(images).transpose(0, 3, 1, 2).astype(np.float32) / 255.0
    o = run(model_path, x)
    return list(zip(o['scale'], o['kpt']))


def scene_metrics(outs, faces, params):
    p = dict(params, score_threshold=0.05)
    dets = [kd.decode(s, k, p) for s, k in outs]
    return ke.detection_metrics(dets, [ke.gt_boxes(f) for f in faces], 0.5)


def photo_metrics(model_path, photos, params, run=ort_node.run):
    xs, sizes = [], []
    for img, _ in photos:
        lb, _, _ = g.letterbox(img, W, H)
        xs.append(lb.transpose(2, 0, 1).astype(np.float32) / 255.0)
        sizes.append((img.shape[1], img.shape[0]))
    o = run(model_path, np.stack(xs))
    p = dict(params, score_threshold=0.05)
    dets = [kd.decode(s, k, p, fw, fh, W, H) for s, k, (fw, fh) in zip(o['scale'], o['kpt'], sizes)]
    return {iou: ke.detection_metrics(dets, [gt for _, gt in photos], iou) for iou in (0.3, 0.5)}


def operating_threshold(scenes_int8):
    """The manifest's score_threshold: the one that keeps precision >= 90 % on the int8 validation scenes."""
    lo, hi = THRESHOLD_BOUNDS
    return round(max(lo, min(hi, scenes_int8['threshold_at_precision'])), 3)
