"""Detector scenes from whole photos: faces keep their real context (hair, neck, clothes, the room around them).

Pasted face ellipses (scenes.SceneMaker) teach keypoints at every size but never show a face in its surroundings;
a detector trained only on them fires on real photos' textures and misses faces with context. These scenes are
either one photo filling the frame (webcam-like) or a mosaic of photo tiles around faces on a background.
Labels come from hand labels (landmarks68) or from the YuNet teacher (pseudo_label.py); every face's box follows
the same five-keypoint convention as the pasted scenes.
"""
import json
import math
import os

import cv2
import numpy as np

from . import geometry as g
from .paths import CACHE, LANDMARKS68, SCENES
from .scenes import H, W, box_from5, box_from68, finish

PHOTO_FACES = os.path.join(CACHE, 'teacher', 'photo_faces.json')
MAX_FACE = 200.0   # px in the 320x240 scene; the scale bins end at 240


class Photo:
    """One source photo with all of its faces: kps F x 5 x 2 and boxes F x 4 (cx, cy, w, h), source pixels."""

    def __init__(self, img, kps, boxes):
        self.img = img
        self.kps = np.asarray(kps, np.float64).reshape(-1, 5, 2)
        self.boxes = np.asarray(boxes, np.float64).reshape(-1, 4)


def identity_of(landmarks68_file):
    """landmarks68 file names are <letter>_<identity>_<NN>.jpg."""
    return os.path.splitext(landmarks68_file)[0].split('_', 1)[1].rsplit('_', 1)[0]


def load_photos(landmarks68_items, coef):
    """Returns (train, val) lists of Photo. landmarks68_items: {'train': [...], 'val': [...]} from
    landmarks_data.load_labelled (split by identity); its pseudo-labelled frames follow the same identity split."""
    with open(PHOTO_FACES) as f:
        labels = json.load(f)
    train, val = [], []
    val_ids = {item[2] for item in landmarks68_items['val']}
    for name, faces in labels['landmarks68'].items():
        photo = _photo(os.path.join(LANDMARKS68, 'images', name), faces, coef)
        if photo is not None:
            (val if identity_of(name) in val_ids else train).append(photo)
    for name, faces in labels['groups'].items():
        photo = _photo(os.path.join(SCENES, name), faces, coef)
        if photo is not None:
            train.append(photo)
    for split, items in landmarks68_items.items():
        for img, p68, _, _ in items:
            (val if split == 'val' else train).append(Photo(img, [g.five_from_68(p68)], [box_from68(p68)]))
    return train, val


def _photo(path, faces, coef):
    if not faces:
        return None
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    if img is None:
        return None
    kps = [np.array(f[1:11]).reshape(5, 2) for f in faces]
    return Photo(cv2.cvtColor(img, cv2.COLOR_BGR2RGB), kps, [box_from5(k, coef) for k in kps])


class PhotoSceneMaker:
    def __init__(self, photos, background, rng, full_frame=0.35):
        """background: a callable returning a uint8 W x H x 3 background (scenes.SceneMaker.background)."""
        self.photos = photos
        self.background = background
        self.rng = rng
        self.full_frame = full_frame

    def make(self):
        if self.rng.rand() < self.full_frame:
            return self._full_frame()
        return self._mosaic()

    def _pick(self):
        return self.photos[self.rng.randint(len(self.photos))]

    @staticmethod
    def _transform(scale, angle, src_centre, dst_centre, flip):
        """Continuous-coordinate similarity (mirrored in x when flip) taking src_centre to dst_centre: lin, t."""
        a = math.radians(angle)
        lin = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]]) * scale
        if flip:
            lin = lin @ np.array([[-1.0, 0.0], [0.0, 1.0]])
        return lin, np.asarray(dst_centre, np.float64) - lin @ np.asarray(src_centre, np.float64)

    @staticmethod
    def _warp_matrix(lin, t):
        # index-space matrix for warpAffine: dst_idx = lin @ (src_idx + 0.5) + t - 0.5
        return np.hstack([lin, (t + lin @ np.array([0.5, 0.5]) - 0.5)[:, None]])

    def _faces_in(self, photo, lin, t, flip, region):
        """Transformed faces whose box centre lies in region (x0, y0, x1, y1, dst pixels), in the frame and with
        most of the box inside the region."""
        boxes, kps = [], []
        x0, y0, x1, y1 = region
        for kp, box in zip(photo.kps, photo.boxes):
            k = kp.copy()
            c = box[:2].copy()
            if flip:
                k = k[g.MIRROR5]
            nk = (lin @ k.T).T + t
            nc = lin @ c + t
            scale = math.sqrt(abs(np.linalg.det(lin)))
            bw, bh = box[2] * scale, box[3] * scale
            if not (max(0, x0) <= nc[0] < min(W, x1) and max(0, y0) <= nc[1] < min(H, y1)):
                continue
            ix = max(0.0, min(x1, nc[0] + bw / 2) - max(x0, nc[0] - bw / 2))
            iy = max(0.0, min(y1, nc[1] + bh / 2) - max(y0, nc[1] - bh / 2))
            if ix * iy < 0.6 * bw * bh:
                continue
            boxes.append([nc[0], nc[1], bw, bh])
            kps.append(nk)
        return boxes, kps

    def _full_frame(self):
        rng = self.rng
        photo = self._pick()
        ph, pw = photo.img.shape[:2]
        cover = max(W / pw, H / ph)
        # the largest face must stay within the detector's range; small photos go to the mosaic instead
        most = MAX_FACE / math.sqrt((photo.boxes[:, 2] * photo.boxes[:, 3]).max())
        if cover > most:
            return self._mosaic()
        scale = cover * math.exp(rng.uniform(0, math.log(min(3.0, most / cover))))
        # keep the view on a face most of the time
        if rng.rand() < 0.8:
            target = photo.boxes[rng.randint(len(photo.boxes))][:2] + rng.uniform(-0.3, 0.3, 2) * [W, H] / scale
        else:
            target = np.array([pw / 2, ph / 2])
        flip = rng.rand() < 0.5
        lin, t = self._transform(scale, rng.uniform(-10, 10), target, (W / 2, H / 2), flip)
        src = photo.img.astype(np.float32)
        img = cv2.warpAffine(src, self._warp_matrix(lin, t), (W, H), flags=cv2.INTER_AREA if scale < 0.7 else
                             cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT101)
        boxes, kps = self._faces_in(photo, lin, t, flip, (0, 0, W, H))
        return finish(img, boxes, kps, rng)

    def _mosaic(self):
        rng = self.rng
        img = self.background().astype(np.float32)
        tiles = []
        boxes, kps = [], []
        want = rng.choice([1, 1, 2, 2, 3, 4, 5, 6, 8])
        small_bias = rng.rand() < 0.4
        for _ in range(want * 4):
            if len(tiles) >= want:
                break
            photo = self._pick()
            fi = rng.randint(len(photo.boxes))
            box = photo.boxes[fi]
            size = math.exp(rng.uniform(math.log(12), math.log(40 if small_bias else 180)))
            scale = size / math.sqrt(box[2] * box[3])
            # tile = the face box grown by a random margin on each side (clipped to the photo), in source pixels
            ph, pw = photo.img.shape[:2]
            mx0, mx1, my0, my1 = rng.uniform(0.4, 1.6, 4)
            sx0 = max(0.0, box[0] - box[2] * (0.5 + mx0))
            sx1 = min(float(pw), box[0] + box[2] * (0.5 + mx1))
            sy0 = max(0.0, box[1] - box[3] * (0.5 + my0))
            sy1 = min(float(ph), box[1] + box[3] * (0.5 + my1 + 0.5))
            tw, th = (sx1 - sx0) * scale, (sy1 - sy0) * scale
            if tw > W or th > H:
                continue
            dx0 = rng.uniform(-0.2 * tw, W - 0.8 * tw)
            dy0 = rng.uniform(-0.2 * th, H - 0.8 * th)
            rect = (dx0, dy0, dx0 + tw, dy0 + th)
            if any(_overlap(rect, r) for r in tiles):
                continue
            flip = rng.rand() < 0.5
            # no rotation for tiles: their rectangular edge stays axis-aligned, the region test stays exact
            src_c = ((sx0 + sx1) / 2, (sy0 + sy1) / 2)
            dst_c = ((rect[0] + rect[2]) / 2, (rect[1] + rect[3]) / 2)
            lin, t = self._transform(scale, 0.0, src_c, dst_c, flip)
            mask = np.zeros((ph, pw), np.float32)
            mask[int(sy0):int(math.ceil(sy1)), int(sx0):int(math.ceil(sx1))] = 1.0
            m = self._warp_matrix(lin, t)
            interp = cv2.INTER_AREA if scale < 0.7 else cv2.INTER_LINEAR
            tile = cv2.warpAffine(photo.img.astype(np.float32), m, (W, H), flags=interp)
            tile = tile * rng.uniform(0.75, 1.25) + rng.uniform(-20, 20)
            wm = cv2.warpAffine(mask, m, (W, H), flags=cv2.INTER_LINEAR)[..., None]
            img *= 1 - wm
            img += tile * wm
            b, k = self._faces_in(photo, lin, t, flip, rect)
            boxes += b
            kps += k
            tiles.append(rect)
        return finish(img, boxes, kps, rng)


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
