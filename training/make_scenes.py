"""Pre-generate synthetic KPNet scenes into training/cache/scenes/<split>.npz (keeps the cores on training)."""
import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edgeface_train import geometry as g  # noqa: E402
from edgeface_train import landmarks_data as ld  # noqa: E402
from edgeface_train import scenes as sc  # noqa: E402
from edgeface_train import photo_scenes as ps  # noqa: E402
from edgeface_train.paths import SCENE_CACHE  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--train', type=int, default=8000)
    ap.add_argument('--val', type=int, default=400)
    ap.add_argument('--seed', type=int, default=99)
    ap.add_argument('--limit', type=int, default=None)
    ap.add_argument('--photo-fraction', type=float, default=0.5,
                    help='share of scenes made from whole photos (needs pseudo_label.py first)')
    args = ap.parse_args()
    out_dir = SCENE_CACHE
    os.makedirs(out_dir, exist_ok=True)
    train68, val68 = ld.load_labelled(limit=args.limit)
    coef = sc.fit_box_from5([p for _, p, _, _ in train68])
    f5_train = sc.load_faces5('train', args.limit)
    f5_val = sc.load_faces5('test', args.limit)

    def faces(l68, l5):
        out = [(img, g.five_from_68(p), sc.box_from68(p)) for img, p, _, _ in l68]
        out += [(img, kp, sc.box_from5(kp, coef)) for img, kp in l5]
        return out

    with open(os.path.join(out_dir, 'box_from5.json'), 'w') as f:
        json.dump(coef.tolist(), f)
    photos = {'train': [], 'val': []}
    if args.photo_fraction > 0:
        photos['train'], photos['val'] = ps.load_photos({'train': train68, 'val': val68}, coef)
        print(f"photos: {len(photos['train'])} train, {len(photos['val'])} val", flush=True)
    for split, n, fl, bgn, seed in [('val', args.val, faces(val68, f5_val), sc.BACKGROUNDS_VAL, args.seed + 1),
                                   ('train', args.train, faces(train68, f5_train), sc.BACKGROUNDS_TRAIN, args.seed)]:
        rng = np.random.RandomState(seed)
        paste = sc.SceneMaker(fl, sc.load_backgrounds(bgn), rng)
        photo = ps.PhotoSceneMaker(photos[split], paste.background, rng) if photos[split] else None
        imgs = np.zeros((n, sc.H, sc.W, 3), np.uint8)
        labels = []
        t0 = time.time()
        for i in range(n):
            maker = photo if photo is not None and rng.rand() < args.photo_fraction else paste
            img, boxes, kps = maker.make()
            imgs[i] = img
            labels.append(np.concatenate([boxes, kps.reshape(-1, 10)], 1) if len(boxes) else np.zeros((0, 14)))
            if i % 500 == 0:
                print(f'{split} {i}/{n} {time.time() - t0:.0f}s', flush=True)
        counts = np.array([len(l) for l in labels])
        flat = np.concatenate(labels + [np.zeros((0, 14))]).astype(np.float32)
        np.savez(os.path.join(out_dir, split + '.npz'), images=imgs, faces=flat, counts=counts)
        print(f'{split}: {n} scenes, {flat.shape[0]} faces', flush=True)


if __name__ == '__main__':
    main()
