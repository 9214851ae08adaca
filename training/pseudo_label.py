"""Pseudo-label whole photos with the YuNet teacher for KPNet's photo scenes: the landmarks68 frames listed in its
unlabelled.txt and the group photos of scenes.tar that have no hand labels. The dlib photos with hand-drawn boxes stay
validation-only. unlabelled-faces (LFW) is not used: every one of its images has a box and 68 dots drawn into the
pixels, which a detector would learn as the sign of a face.

Output: training/cache/teacher/photo_faces.json — {"landmarks68": {file: faces}, "groups": {file: faces}}, each face
[score, kx1, ky1, ..., kx5, ky5] in source pixels (pixel centres at i + 0.5). Boxes are not kept: KPNet's box
convention is derived from the five keypoints (scenes.box_from5), the same way for every data set.
"""
import glob
import json
import os
import sys
import time

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_teachers import yunet  # noqa: E402
from edgeface_train.paths import CACHE, LANDMARKS68, SCENES  # noqa: E402

LABEL_SCORE = 0.6


def nms(faces, iou=0.4):
    if len(faces) == 0:
        return faces
    keep = cv2.dnn.NMSBoxes(faces[:, :4].tolist(), faces[:, 14].tolist(), 0.0, iou)
    return faces[np.array(keep).reshape(-1)]


def detect_tiled(img):
    """Whole image plus 2x2 overlapping tiles, so small faces in big group photos are seen at a usable scale."""
    h, w = img.shape[:2]
    found = [yunet(img, thr=LABEL_SCORE)]
    if max(h, w) > 480:
        th, tw = int(h * 0.6), int(w * 0.6)
        for y0 in (0, h - th):
            for x0 in (0, w - tw):
                f = yunet(img[y0:y0 + th, x0:x0 + tw], thr=LABEL_SCORE)
                f[:, 0:14:2] += x0
                f[:, 1:14:2] += y0
                # faces cut by the tile border are left to the other tiles or the whole image
                inside = (f[:, 0] > x0 + 2 if x0 else True) & (f[:, 1] > y0 + 2 if y0 else True) & \
                         ((f[:, 0] + f[:, 2] < x0 + tw - 2) if x0 + tw < w else True) & \
                         ((f[:, 1] + f[:, 3] < y0 + th - 2) if y0 + th < h else True)
                found.append(f[inside] if isinstance(inside, np.ndarray) else f)
    return nms(np.concatenate(found))


def rows(faces):
    return [[round(float(f[14]), 3)] + [round(float(v), 2) for v in f[4:14]] for f in faces]


def main():
    cv2.setNumThreads(1)
    out = {'landmarks68': {}, 'groups': {}}
    t0 = time.time()
    with open(os.path.join(LANDMARKS68, 'unlabelled.txt')) as f:
        names = [line.strip() for line in f if line.strip()]
    for i, name in enumerate(names):
        img = cv2.imread(os.path.join(LANDMARKS68, 'images', name), cv2.IMREAD_COLOR)
        if img is None:
            continue
        out['landmarks68'][name] = rows(yunet(cv2.cvtColor(img, cv2.COLOR_BGR2RGB), LABEL_SCORE))
        if i % 500 == 0:
            print(f'landmarks68 {i}/{len(names)} {time.time() - t0:.0f}s', flush=True)
    for path in sorted(glob.glob(os.path.join(SCENES, 'ultraface_*.jpg'))):
        img = cv2.cvtColor(cv2.imread(path, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
        out['groups'][os.path.basename(path)] = rows(detect_tiled(img))
    n = sum(len(v) for d in out.values() for v in d.values())
    print(f'{len(out["landmarks68"])} landmarks68 frames, {len(out["groups"])} group photos, {n} faces', flush=True)
    os.makedirs(os.path.join(CACHE, 'teacher'), exist_ok=True)
    with open(os.path.join(CACHE, 'teacher', 'photo_faces.json'), 'w') as f:
        json.dump(out, f)


if __name__ == '__main__':
    main()
