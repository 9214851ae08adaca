"""KPNet evaluation: recall by face size at a precision target, and AP, on validation scenes or real photos."""
import math

import numpy as np

from . import kpnet_decode as kd


def default_params():
    return {
        'stride': 4,
        'scale_bins': {'count': 8, 'min_size': 10.0, 'max_size': 240.0},
        'window_factor': 0.5,
        'temperature': 1.0,
        'score_threshold': 0.3,
        'nms_iou': 0.4,
        'box': {'cx': 0.05, 'cy': 0.14, 'w': 1.02, 'h': 0.98},
        'max_faces': 64,
    }


def gt_boxes(faces):
    """(F,14) [cx,cy,w,h,...] -> top-left xywh."""
    return [[f[0] - f[2] / 2, f[1] - f[3] / 2, f[2], f[3]] for f in faces]


def match(dets, gts, iou_thr):
    """Greedy by score. Returns (tp flags per det, matched gt index per det or -1)."""
    used = set()
    tp, which = [], []
    for d in dets:
        best, bi = iou_thr, -1
        for j, g in enumerate(gts):
            if j in used:
                continue
            v = kd.iou_xywh(d['box'], g)
            if v >= best:
                best, bi = v, j
        if bi >= 0:
            used.add(bi)
        tp.append(bi >= 0)
        which.append(bi)
    return tp, which


def average_precision(scores, tps, n_gt):
    if n_gt == 0:
        return float('nan')
    order = np.argsort(-np.asarray(scores))
    tps = np.asarray(tps, np.float64)[order]
    ctp = np.cumsum(tps)
    prec = ctp / np.arange(1, len(tps) + 1)
    rec = ctp / n_gt
    # all-point interpolated AP
    mprec = np.concatenate([[0], prec, [0]])
    mrec = np.concatenate([[0], rec, [rec[-1] if len(rec) else 0]])
    for i in range(len(mprec) - 2, -1, -1):
        mprec[i] = max(mprec[i], mprec[i + 1])
    idx = np.nonzero(mrec[1:] != mrec[:-1])[0]
    return float(((mrec[idx + 1] - mrec[idx]) * mprec[idx + 1]).sum())


def detection_metrics(all_dets, all_gts, iou_thr=0.5, precision_target=0.9):
    """all_dets: per image list of dicts(box, score); all_gts: per image list of xywh boxes."""
    scores, tps, gt_sizes, hit_score = [], [], [], []
    for dets, gts in zip(all_dets, all_gts):
        tp, which = match(dets, gts, iou_thr)
        best = [0.0] * len(gts)
        for d, t, j in zip(dets, tp, which):
            scores.append(d['score'])
            tps.append(t)
            if j >= 0:
                best[j] = max(best[j], d['score'])
        gt_sizes += [math.sqrt(g[2] * g[3]) for g in gts]
        hit_score += best
    n_gt = len(gt_sizes)
    ap = average_precision(scores, tps, n_gt)
    # Highest-recall operating threshold that keeps overall precision >= target.
    order = np.argsort(-np.asarray(scores))
    s_sorted = np.asarray(scores)[order]
    ctp = np.cumsum(np.asarray(tps, np.float64)[order])
    prec = ctp / np.arange(1, len(order) + 1) if len(order) else np.array([])
    ok = np.nonzero(prec >= precision_target)[0]
    thr = float(s_sorted[ok[-1]]) if len(ok) else 1.0
    sizes = np.array(gt_sizes)
    hs = np.array(hit_score)
    out = {'ap': ap, 'gt_faces': n_gt, 'threshold_at_precision': thr, 'precision_target': precision_target}
    for name, lo, hi in [('recall_lt16', 0, 16), ('recall_16_32', 16, 32), ('recall_ge32', 32, 1e9)]:
        sel = (sizes >= lo) & (sizes < hi)
        out[name] = float((hs[sel] >= thr).mean()) if sel.any() else float('nan')
        out[name.replace('recall', 'count')] = int(sel.sum())
    return out


def evaluate_scenes(run_model, images, faces, params, batch=8, iou_thr=0.5):
    """run_model: float32 NCHW batch -> (scale, kpt) numpy arrays."""
    p = dict(params, score_threshold=0.05)
    all_dets, all_gts, kp_err = [], [], []
    for i in range(0, len(images), batch):
        x = np.stack(images[i:i + batch]).transpose(0, 3, 1, 2).astype(np.float32) / 255.0
        import torch
        s, k = run_model(torch.from_numpy(x))
        for j in range(len(x)):
            dets = kd.decode(s[j], k[j], p)
            gts = gt_boxes(faces[i + j])
            all_dets.append(dets)
            all_gts.append(gts)
            tp, which = match(dets, gts, iou_thr)
            for d, t, w in zip(dets, tp, which):
                if t:
                    f = faces[i + j][w]
                    kp_err.append(np.linalg.norm(d['keypoints'] - f[4:].reshape(5, 2), axis=1).mean()
                                  / math.sqrt(f[2] * f[3]))
    m = detection_metrics(all_dets, all_gts, iou_thr)
    m['kp_err_over_size'] = float(np.mean(kp_err)) if kp_err else float('nan')
    m['score'] = m['ap']
    return m
