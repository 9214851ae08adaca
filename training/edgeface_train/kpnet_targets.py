"""KPNet training targets and losses.

Scale map: a Gaussian at the face centre (box centre) whose radius grows with the face size, placed in the scale
bins around the face's continuous bin position (soft in the bin axis so the decoder's 3-bin sub-bin average
recovers the size). Keypoint maps: small Gaussians at the five keypoints. Both use a focal-style BCE.
The scale-adaptive soft-argmax (same window as the decoder) is trained with an L2 loss normalised by face size.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

STRIDE = 4


def continuous_bin(size, bins):
    S, lo, hi = bins['count'], bins['min_size'], bins['max_size']
    return np.clip(np.log(size / lo) / np.log(hi / lo) * (S - 1), 0, S - 1)


def build(faces_per_image, h, w, bins, window_factor):
    """faces_per_image: list of (F, 14) arrays [cx, cy, bw, bh, 10 keypoint coords] in input pixels."""
    B, S = len(faces_per_image), bins['count']
    scale_t = np.zeros((B, S, h, w), np.float32)
    kpt_t = np.zeros((B, 5, h, w), np.float32)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    yy = (yy + 0.5) * STRIDE
    xx = (xx + 0.5) * STRIDE
    items = []   # (b, x0, y0, x1, y1, kp(5x2), size)
    for b, faces in enumerate(faces_per_image):
        for f in faces:
            cx, cy, bw, bh = f[:4]
            size = math.sqrt(bw * bh)
            kp = f[4:].reshape(5, 2)
            gx, gy = int(cx // STRIDE), int(cy // STRIDE)
            if not (0 <= gx < w and 0 <= gy < h):
                continue
            sigma = max(0.8 * STRIDE, 0.06 * size)
            # Peak exactly 1 at the centre cell so the focal loss has one positive per face.
            pcx, pcy = (gx + 0.5) * STRIDE, (gy + 0.5) * STRIDE
            g = np.exp(-((xx - pcx) ** 2 + (yy - pcy) ** 2) / (2 * sigma ** 2))
            cb = continuous_bin(size, bins)
            for j in range(S):
                wb = math.exp(-((j - cb) ** 2) / (2 * 0.6 ** 2))
                if wb < 0.05:
                    continue
                val = g * (1.0 if j == int(round(cb)) else wb * 0.9)
                np.maximum(scale_t[b, j], val, out=scale_t[b, j])
            ks = max(0.6 * STRIDE, 0.03 * size)
            for k in range(5):
                gk = np.exp(-((xx - kp[k, 0]) ** 2 + (yy - kp[k, 1]) ** 2) / (2 * ks ** 2))
                kx, ky = int(kp[k, 0] // STRIDE), int(kp[k, 1] // STRIDE)
                if 0 <= kx < w and 0 <= ky < h:
                    gk[ky, kx] = 1.0   # the keypoint's own cell is the positive of the focal loss
                np.maximum(kpt_t[b, k], gk, out=kpt_t[b, k])
            r = max(1, int(round(window_factor * size / STRIDE)))
            items.append((b, max(0, gx - r), max(0, gy - r), min(w - 1, gx + r), min(h - 1, gy + r), kp, size))
    return scale_t, kpt_t, items


def focal_bce(logits, target, pos_thresh=0.999):
    """CenterNet-style focal loss on logits, summed; positives are the target peaks."""
    p = logits.sigmoid().clamp(1e-4, 1 - 1e-4)
    pos = (target >= pos_thresh).float()
    neg = 1 - pos
    pos_loss = -torch.log(p) * (1 - p) ** 2 * pos
    neg_loss = -torch.log(1 - p) * p ** 2 * (1 - target) ** 4 * neg
    return (pos_loss.sum() + neg_loss.sum()), pos.sum()


def soft_argmax_loss(kpt_logits, items, temperature, h, w):
    if not items:
        return kpt_logits.sum() * 0
    b_idx = torch.tensor([it[0] for it in items])
    mask = torch.full((len(items), 1, h, w), -1e4)
    for n, (_, x0, y0, x1, y1, _, _) in enumerate(items):
        mask[n, 0, y0:y1 + 1, x0:x1 + 1] = 0
    maps = kpt_logits[b_idx] / temperature + mask              # F x 5 x h x w
    wts = F.softmax(maps.flatten(2), 2).view(len(items), 5, h, w)
    cx = (torch.arange(w, dtype=torch.float32) + 0.5) * STRIDE
    cy = (torch.arange(h, dtype=torch.float32) + 0.5) * STRIDE
    px = (wts.sum(2) * cx).sum(2)
    py = (wts.sum(3) * cy).sum(2)
    gt = torch.from_numpy(np.stack([it[5] for it in items])).float()
    size = torch.tensor([it[6] for it in items], dtype=torch.float32)[:, None]
    d2 = ((px - gt[..., 0]) ** 2 + (py - gt[..., 1]) ** 2) / size ** 2
    return d2.mean(1).sum()
