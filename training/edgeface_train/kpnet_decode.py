"""Reference KPNet decoder: exactly the algorithm of docs/model-format.md (the C# runtime implements the same)."""
import math

import numpy as np


def bin_size(i, p):
    sb = p['scale_bins']
    return sb['min_size'] * (sb['max_size'] / sb['min_size']) ** (i / (sb['count'] - 1))


def find_peaks(scale, threshold):
    """scale: S x h x w. Returns [(score, y, x)] in raster order."""
    m = scale.max(0)
    h, w = m.shape
    peaks = []
    ys, xs = np.nonzero(m >= threshold)
    for y, x in zip(ys, xs):
        v = m[y, x]
        ok = True
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                if dy == 0 and dx == 0:
                    continue
                yy, xx = y + dy, x + dx
                if 0 <= yy < h and 0 <= xx < w:
                    n = m[yy, xx]
                    earlier = dy < 0 or (dy == 0 and dx < 0)
                    if n > v or (earlier and n >= v):
                        ok = False
        if ok:
            peaks.append((float(v), int(y), int(x)))
    return peaks


def decode(scale, kpt, p, frame_w=None, frame_h=None, input_w=None, input_h=None):
    """scale: S x h x w probabilities, kpt: 5 x h x w logits (batch removed). Returns faces sorted by score.

    Each face: dict(box=[x, y, w, h] top-left, score, size, keypoints=5x2) in frame coordinates when the frame
    size is given (letterbox mapping), else in input pixels.
    """
    stride = p['stride']
    S, h, w = scale.shape
    sb = p['scale_bins']
    faces = []
    for score, y, x in find_peaks(scale, p['score_threshold']):
        col = scale[:, y, x]
        i = int(np.argmax(col))
        js = [j for j in (i - 1, i, i + 1) if 0 <= j < S]
        pj = np.array([col[j] for j in js], np.float64)
        s_hat = float((pj * np.array(js)).sum() / pj.sum())
        size = sb['min_size'] * (sb['max_size'] / sb['min_size']) ** (s_hat / (S - 1))
        r = max(1, int(round(p['window_factor'] * size / stride)))  # half-to-even, like C# MathF.Round
        y0, y1 = max(0, y - r), min(h - 1, y + r)
        x0, x1 = max(0, x - r), min(w - 1, x + r)
        cy = (np.arange(y0, y1 + 1) + 0.5) * stride
        cx = (np.arange(x0, x1 + 1) + 0.5) * stride
        kps = np.zeros((5, 2))
        for k in range(kpt.shape[0]):
            win = kpt[k, y0:y1 + 1, x0:x1 + 1].astype(np.float64) / p['temperature']
            e = np.exp(win - win.max())
            wgt = e / e.sum()
            kps[k, 0] = (wgt.sum(0) * cx).sum()
            kps[k, 1] = (wgt.sum(1) * cy).sum()
        mx, my = kps.mean(0)
        b = p['box']
        bcx, bcy = mx + b['cx'] * size, my + b['cy'] * size
        bw, bh = b['w'] * size, b['h'] * size
        faces.append({'box': [bcx - bw / 2, bcy - bh / 2, bw, bh], 'score': score, 'size': size, 'keypoints': kps})
    faces.sort(key=lambda f: -f['score'])
    kept = []
    for f in faces:
        if all(iou_xywh(f['box'], k['box']) <= p['nms_iou'] for k in kept):
            kept.append(f)
            if len(kept) >= p['max_faces']:
                break
    if frame_w is not None:
        s = min(input_w / frame_w, input_h / frame_h)
        sx = round(frame_w * s) / frame_w
        sy = round(frame_h * s) / frame_h
        for f in kept:
            x, y, bw, bh = f['box']
            f['box'] = [x / sx, y / sy, bw / sx, bh / sy]
            f['keypoints'] = f['keypoints'] / np.array([sx, sy])
    return kept


def iou_xywh(a, b):
    iw = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    ih = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = iw * ih
    return inter / (a[2] * a[3] + b[2] * b[3] - inter + 1e-12)
