"""landmarks68 loading, the identity-disjoint split and the PFLD training crop with augmentation."""
import csv
import math
import os

import cv2
import numpy as np

from . import geometry as g
from .paths import LANDMARKS68

# The runtime contract's crop for EdgeFace's PFLD (written into the manifest).
CROP = {"kind": "keypoints5", "scale": 3.3, "shift": 0.15, "rotate": True}
INPUT = 112


def load_labelled(val_fraction=0.15, seed=7, limit=None):
    """Returns (train, val): lists of (rgb image, 68x2 points, identity). Split by identity."""
    with open(os.path.join(LANDMARKS68, 'labels.csv')) as f:
        rows = list(csv.reader(f))[1:]
    if limit:
        rows = rows[:limit]
    ids = sorted(set(r[1] for r in rows))
    rng = np.random.RandomState(seed)
    rng.shuffle(ids)
    val_ids = set(ids[:max(1, int(round(len(ids) * val_fraction)))])
    train, val = [], []
    for r in rows:
        img = cv2.imread(os.path.join(LANDMARKS68, 'images', r[0]), cv2.IMREAD_COLOR)
        if img is None:
            continue
        pts = np.array([float(v) for v in r[2:]], np.float64).reshape(68, 2)
        # labels.csv points are pixel indices; the contract uses pixel centres at i + 0.5
        item = (cv2.cvtColor(img, cv2.COLOR_BGR2RGB), pts + 0.5, r[1], r[0])
        (val if r[1] in val_ids else train).append(item)
    return train, val


class PfldAugmenter:
    """Builds one augmented 112x112 training crop the way the runtime will: from (noisy) detector keypoints."""

    def __init__(self, rng, jitter=0.06):
        self.rng = rng
        self.jitter = jitter

    def __call__(self, img, p68, pose):
        rng = self.rng
        h, w = img.shape[:2]
        pose = pose.copy()
        if rng.rand() < 0.5:
            img = img[:, ::-1]
            p68 = p68.copy()
            p68[:, 0] = w - p68[:, 0]
            p68 = p68[g.MIRROR68]
            pose[0], pose[2] = -pose[0], -pose[2]
        kp = g.five_from_68(p68)
        size = max(np.linalg.norm(kp[1] - kp[0]), np.linalg.norm((kp[3] + kp[4]) / 2 - (kp[0] + kp[1]) / 2))
        kp = kp + rng.randn(5, 2) * self.jitter * size          # detector keypoint noise
        centre, side, theta = g.keypoints5_crop(kp, CROP['scale'], CROP['shift'], CROP['rotate'])
        # Rotation: +-30 degrees sometimes, small otherwise (the eye line already removes most of the roll).
        theta += math.radians(rng.uniform(-30, 30) if rng.rand() < 0.3 else rng.randn() * 4)
        side *= math.exp(rng.uniform(-0.1, 0.1))
        centre = centre + rng.uniform(-0.06, 0.06, 2) * side
        crop = g.warp_crop(np.ascontiguousarray(img), centre, side, theta, INPUT)
        target = g.points_to_crop(p68, centre, side, theta).astype(np.float32)
        pose[2] = pose[2] - math.degrees(theta)
        attrs = np.zeros(2, np.float32)   # [occluded, blurred]
        crop = self._photometric(crop)
        if rng.rand() < 0.2:
            k = rng.choice([3, 5])
            crop = cv2.GaussianBlur(crop, (k, k), 0)
            attrs[1] = 1
        if rng.rand() < 0.25:
            self._occlude(crop)
            attrs[0] = 1
        return crop, target, pose, attrs

    def _photometric(self, crop):
        rng = self.rng
        x = crop.astype(np.float32)
        x = x * rng.uniform(0.6, 1.4) + rng.uniform(-30, 30)
        if rng.rand() < 0.5:
            gray = x.mean(2, keepdims=True)
            x = gray + (x - gray) * rng.uniform(0.0, 1.5)
        x = x * rng.uniform(0.9, 1.1, 3)
        if rng.rand() < 0.2:
            x = x + rng.randn(*x.shape) * rng.uniform(2, 10)
        return np.clip(x, 0, 255).astype(np.uint8)

    def _occlude(self, crop):
        rng = self.rng
        n = crop.shape[0]
        bw, bh = rng.randint(n // 8, n // 3, 2)
        x0, y0 = rng.randint(0, n - bw), rng.randint(0, n - bh)
        crop[y0:y0 + bh, x0:x0 + bw] = rng.randint(0, 255, 3) if rng.rand() < 0.5 else \
            rng.randint(0, 255, (bh, bw, 3))


def eval_crop(img, kp5, crop=None):
    """crop: a manifest's keypoints5 block (scale, shift, rotate); the training default CROP when None."""
    c = crop or CROP
    centre, side, theta = g.keypoints5_crop(kp5, c['scale'], c['shift'], c['rotate'])
    return g.warp_crop(img, centre, side, theta, INPUT), (centre, side, theta)


def nme(pred, gt):
    """Inter-ocular NME (outer eye corners 36/45)."""
    d = np.linalg.norm(gt[36] - gt[45])
    return float(np.mean(np.linalg.norm(pred - gt, axis=1)) / d)


def pose_classes(poses):
    """Attributes the data allows: profile, frontal, head up, head down (from the GT angles)."""
    yaw, pitch = np.abs(poses[:, 0]), poses[:, 1]
    profile = yaw > 25
    frontal = ~profile
    up = pitch < -15
    down = pitch > 15
    return np.stack([profile, frontal, up, down], 1).astype(np.float32)
