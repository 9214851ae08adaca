"""Pre-generate synthetic KPNet scenes into training/cache/scenes/<split>.npz (keeps the cores on training).

Training scenes are made in blocks of BLOCK scenes; block k draws from its own seed (seed + 1000 k), so blocks can be
made in parallel (--workers) and every set's first BLOCK scenes are one seeded stream: the default 6,000-scene set is
the start of every larger one.
"""
import argparse
import json
import mmap
import multiprocessing
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

BLOCK = 24000
# What forked workers need: set by make_split before the pool starts, inherited by fork (the image buffer is
# shared memory).
_job = {}


def make_block(lo, hi, seed):
    """Fill scenes [lo, hi) of the shared image buffer; returns their face labels."""
    j = _job
    rng = np.random.RandomState(seed)
    paste = sc.SceneMaker(j['faces'], sc.load_backgrounds(j['backgrounds']), rng)
    photo = ps.PhotoSceneMaker(j['photos'], paste.background, rng) if j['photos'] else None
    labels = []
    t0 = time.time()
    for i in range(lo, hi):
        maker = photo if photo is not None and rng.rand() < j['photo_fraction'] else paste
        img, boxes, kps = maker.make()
        j['images'][i] = img
        labels.append(np.concatenate([boxes, kps.reshape(-1, 10)], 1) if len(boxes) else np.zeros((0, 14)))
        if (i - lo) % 500 == 0:
            print(f"{j['split']} {i}/{j['n']} {time.time() - t0:.0f}s", flush=True)
    return labels


def make_split(split, n, seed, faces, backgrounds, photos, photo_fraction, workers, block=BLOCK):
    """n scenes: (n x H x W x 3 uint8 array, label list). faces as SceneMaker takes them, backgrounds by name."""
    # Anonymous shared memory: forked workers write their scenes straight into the array that is saved.
    buf = mmap.mmap(-1, max(1, n * sc.H * sc.W * 3))
    imgs = np.frombuffer(buf, np.uint8, n * sc.H * sc.W * 3).reshape(n, sc.H, sc.W, 3)
    _job.clear()
    _job.update(faces=faces, backgrounds=backgrounds, photos=photos, photo_fraction=photo_fraction,
                images=imgs, split=split, n=n)
    blocks = [(lo, min(n, lo + block), seed + 1000 * k) for k, lo in enumerate(range(0, n, block))]
    if workers > 1 and len(blocks) > 1:
        with multiprocessing.get_context('fork').Pool(min(workers, len(blocks))) as pool:
            parts = pool.starmap(make_block, blocks)
    else:
        parts = [make_block(*b) for b in blocks]
    return imgs, [lab for part in parts for lab in part]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--train', type=int, default=8000)
    ap.add_argument('--val', type=int, default=400)
    ap.add_argument('--seed', type=int, default=99)
    ap.add_argument('--limit', type=int, default=None)
    ap.add_argument('--photo-fraction', type=float, default=0.5,
                    help='share of scenes made from whole photos (needs pseudo_label.py first)')
    ap.add_argument('--workers', type=int, default=min(2, os.cpu_count() or 1),
                    help=f'processes making blocks of {BLOCK} training scenes in parallel')
    ap.add_argument('--splits', default='val,train',
                    help='which splits to write (val is made from its own seed, so "val" alone gives the same '
                         'validation scenes as a full run: what remeasure.py needs)')
    args = ap.parse_args()
    splits = set(args.splits.split(','))
    if not splits or splits - {'val', 'train'}:
        ap.error('--splits takes val, train or both')
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
        if split not in splits:
            continue
        imgs, labels = make_split(split, n, seed, fl, bgn, photos[split], args.photo_fraction, args.workers)
        counts = np.array([len(l) for l in labels])
        flat = np.concatenate(labels + [np.zeros((0, 14))]).astype(np.float32)
        np.savez(os.path.join(out_dir, split + '.npz'), images=imgs, faces=flat, counts=counts)
        print(f'{split}: {n} scenes, {flat.shape[0]} faces', flush=True)


if __name__ == '__main__':
    main()
