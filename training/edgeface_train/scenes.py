"""Synthetic detector scenes: face crops pasted with soft elliptical masks onto non-face backgrounds.

Face box convention (used for targets, sizes and the manifest's box fit): for landmarks68 faces the bounding box
of the 68 points (jaw line to brows, like dlib's boxes); for faces5 crops the same box predicted from the five
keypoints by a linear model fitted on landmarks68 (BOX_FROM5). Face size = sqrt(w * h).
"""
import glob
import math
import os

import cv2
import numpy as np

from . import geometry as g
from .kpnet_decode import iou_xywh
from .paths import FACES5, SKIMAGE

W, H = 320, 240
# Sample images from python3-skimage that contain no human face (astronaut, camera and lfw_subset do).
BACKGROUNDS_TRAIN = ['brick', 'cell', 'chelsea', 'clock_motion', 'coffee', 'coins', 'color', 'grass', 'gravel',
                     'horse', 'hubble_deep_field', 'ihc', 'logo', 'moon', 'motorcycle_left', 'page', 'retina',
                     'rocket', 'text', 'chessboard_RGB', 'microaneurysms']
BACKGROUNDS_VAL = ['motorcycle_right', 'phantom', 'checker_bilevel', 'truncated', 'palette_color']


def five_size(kp):
    e = (kp[0] + kp[1]) / 2
    m = (kp[3] + kp[4]) / 2
    return max(np.linalg.norm(kp[1] - kp[0]), np.linalg.norm(m - e))


def fit_box_from5(faces68):
    """Least squares: 68-point box (centre offset from the keypoint mean, w, h) in units of the 5-point size."""
    rows = []
    for p in faces68:
        kp = g.five_from_68(p)
        s = five_size(kp)
        lo, hi = p.min(0), p.max(0)
        c = (lo + hi) / 2 - kp.mean(0)
        rows.append([c[0] / s, c[1] / s, (hi[0] - lo[0]) / s, (hi[1] - lo[1]) / s])
    return np.median(np.array(rows), 0)


def box_from5(kp, coef):
    s = five_size(kp)
    c = kp.mean(0) + coef[:2] * s
    return np.array([c[0], c[1], coef[2] * s, coef[3] * s])


def box_from68(p):
    lo, hi = p.min(0), p.max(0)
    return np.array([(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, hi[0] - lo[0], hi[1] - lo[1]])


def load_faces5(split, limit=None):
    name = 'new_training.txt' if split == 'train' else 'new_testing.txt'
    out = []
    with open(os.path.join(FACES5, name)) as f:
        for line in f:
            if limit and len(out) >= limit:
                break
            parts = line.split()
            if len(parts) < 11:
                continue
            img = cv2.imread(os.path.join(FACES5, parts[0].replace('\\', '/')), cv2.IMREAD_COLOR)
            if img is None:
                continue
            v = np.array([float(x) for x in parts[1:11]])
            kp = np.stack([v[:5], v[5:]], 1) + 0.5
            out.append((cv2.cvtColor(img, cv2.COLOR_BGR2RGB), kp))
    return out


def load_backgrounds(names):
    out = []
    for n in names:
        files = glob.glob(os.path.join(SKIMAGE, n + '.*'))
        if not files:
            continue
        img = cv2.imread(files[0], cv2.IMREAD_COLOR)
        if img is None:
            continue
        out.append(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    return out


class SceneMaker:
    def __init__(self, faces, backgrounds, rng):
        """faces: list of (rgb image, 5x2 keypoints, box [cx,cy,w,h]) in source pixels."""
        self.faces = faces
        self.backgrounds = backgrounds
        self.rng = rng

    def background(self):
        rng = self.rng
        r = rng.rand()
        if r < 0.6 and self.backgrounds:
            src = self.backgrounds[rng.randint(len(self.backgrounds))]
            s = rng.uniform(0.5, 2.0) * max(W / src.shape[1], H / src.shape[0])
            ang = rng.uniform(-20, 20) if rng.rand() < 0.3 else 0
            m = cv2.getRotationMatrix2D((src.shape[1] / 2, src.shape[0] / 2), ang, s)
            m[:, 2] += [W / 2 - src.shape[1] / 2 + rng.uniform(-0.3, 0.3) * W,
                        H / 2 - src.shape[0] / 2 + rng.uniform(-0.3, 0.3) * H]
            bg = cv2.warpAffine(src, m, (W, H), borderMode=cv2.BORDER_REFLECT)
            if rng.rand() < 0.5:
                bg = bg[:, ::-1]
        elif r < 0.8:
            small = rng.randint(0, 255, (rng.randint(2, 12), rng.randint(2, 12), 3)).astype(np.uint8)
            bg = cv2.resize(small, (W, H), interpolation=cv2.INTER_CUBIC)
            noise = rng.randn(H, W, 1) * rng.uniform(0, 25)
            bg = np.clip(bg + noise, 0, 255).astype(np.uint8)
        else:
            bg = np.full((H, W, 3), rng.randint(0, 255, 3), np.uint8)
            for _ in range(rng.randint(3, 25)):
                c = tuple(int(v) for v in rng.randint(0, 255, 3))
                p1 = (int(rng.randint(0, W)), int(rng.randint(0, H)))
                if rng.rand() < 0.5:
                    cv2.rectangle(bg, p1, (int(rng.randint(0, W)), int(rng.randint(0, H))), c, -1)
                else:
                    cv2.circle(bg, p1, int(rng.randint(3, 60)), c, -1)
            bg = cv2.GaussianBlur(bg, (0, 0), rng.uniform(0.5, 3))
        return np.ascontiguousarray(bg)

    def make(self):
        rng = self.rng
        img = self.background().astype(np.float32)
        n = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 12])
        small_bias = rng.rand() < 0.5
        boxes, kps = [], []
        for _ in range(n * 3):
            if len(boxes) >= n:
                break
            size = math.exp(rng.uniform(math.log(12), math.log(40 if small_bias else 200)))
            face, kp, box = self.faces[rng.randint(len(self.faces))]
            src_size = math.sqrt(box[2] * box[3])
            k = size / src_size
            ang = rng.uniform(-15, 15)
            cx = rng.uniform(0.02, 0.98) * W
            cy = rng.uniform(0.02, 0.98) * H
            nb = np.array([cx, cy, box[2] * k, box[3] * k])
            if any(_iou(nb, b) > 0.1 or _inside(nb[:2], b) for b in boxes):
                continue
            if not (0 <= cx - 0.35 * nb[2] and cx + 0.35 * nb[2] <= W and 0 <= cy - 0.35 * nb[3] and
                    cy + 0.35 * nb[3] <= H):
                continue
            flip = rng.rand() < 0.5
            self._paste(img, face, kp, box, k, ang, cx, cy, flip, boxes, kps)
        return finish(img, boxes, kps, rng)

    def _paste(self, img, face, kp, box, k, ang, cx, cy, flip, boxes, kps):
        rng = self.rng
        fh, fw = face.shape[:2]
        kp = kp.copy()
        bc = np.array(box[:2], np.float64)
        if flip:
            face = face[:, ::-1]
            kp[:, 0] = fw - kp[:, 0]
            kp = kp[g.MIRROR5]
            bc[0] = fw - bc[0]
        # continuous-coordinate similarity transform: source box centre -> (cx, cy)
        a = math.radians(ang)
        rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]]) * k
        t = np.array([cx, cy]) - rot @ bc
        mask = np.zeros((fh, fw), np.float32)
        ax = (int(box[2] * rng.uniform(0.6, 0.8)), int(box[3] * rng.uniform(0.65, 0.85)))
        cv2.ellipse(mask, (int(bc[0]), int(bc[1] - 0.08 * box[3])), ax, 0, 0, 360, 1.0, -1)
        mask = cv2.GaussianBlur(mask, (0, 0), max(1.0, 0.08 * box[2]))
        # index-space matrix for warpAffine: dst_idx = rot @ (src_idx + 0.5) + t - 0.5
        m = np.hstack([rot, (t + rot @ np.array([0.5, 0.5]) - 0.5)[:, None]])
        fa = np.ascontiguousarray(face).astype(np.float32)
        fa = fa * rng.uniform(0.7, 1.3) + rng.uniform(-25, 25)
        interp = cv2.INTER_AREA if k < 0.7 else cv2.INTER_LINEAR
        wf = cv2.warpAffine(fa, m, (W, H), flags=interp)
        wm = cv2.warpAffine(mask, m, (W, H), flags=cv2.INTER_LINEAR)[..., None]
        img *= 1 - wm
        img += wf * wm
        kps.append((rot @ kp.T).T + t)
        boxes.append([cx, cy, box[2] * k, box[3] * k])


def finish(img, boxes, kps, rng):
    """Global photometric changes, sensor noise and letterbox bands; float image in, uint8 scene and labels out."""
    # Global photometric changes and sensor noise.
    img = img * rng.uniform(0.6, 1.3) + rng.uniform(-30, 30)
    if rng.rand() < 0.3:
        gray = img.mean(2, keepdims=True)
        img = gray + (img - gray) * rng.uniform(0, 1.2)
    if rng.rand() < 0.3:
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.3, 1.2))
    if rng.rand() < 0.4:
        img = img + rng.randn(H, W, 3) * rng.uniform(1, 8)
    img = np.clip(img, 0, 255).astype(np.uint8)
    boxes = np.array(boxes, np.float32).reshape(-1, 4)
    kps = np.array(kps, np.float32).reshape(-1, 5, 2)
    if rng.rand() < 0.2:
        # Letterboxed frames (e.g. 16:9 cameras) leave a zero band at the bottom or right.
        if rng.rand() < 0.5:
            cut = int(rng.uniform(0.6, 0.95) * H)
            img[cut:] = 0
            keep = boxes[:, 1] < cut - 0.2 * boxes[:, 3]
        else:
            cut = int(rng.uniform(0.6, 0.95) * W)
            img[:, cut:] = 0
            keep = boxes[:, 0] < cut - 0.2 * boxes[:, 2]
        boxes, kps = boxes[keep], kps[keep]
    return img, boxes, kps


def _iou(a, b):
    """IoU of two centre-based boxes (cx, cy, w, h), through the decoder's one IoU of corner boxes."""
    return iou_xywh((a[0] - a[2] / 2, a[1] - a[3] / 2, a[2], a[3]), (b[0] - b[2] / 2, b[1] - b[3] / 2, b[2], b[3]))


def _inside(p, b):
    return abs(p[0] - b[0]) < b[2] / 2 and abs(p[1] - b[1]) < b[3] / 2
