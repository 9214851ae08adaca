"""Train PFLD-68 (width 0.25) on landmarks68 with the keypoints5 crop. Usage: see train.sh."""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edgeface_train import geometry as g  # noqa: E402
from edgeface_train import landmarks_data as ld  # noqa: E402
from edgeface_train.paths import RUNS  # noqa: E402
from edgeface_train.pfld_model import PFLD  # noqa: E402
from edgeface_train.runloop import Budget, load_checkpoint, save_checkpoint, write_json  # noqa: E402


def to_tensor(batch_u8):
    return torch.from_numpy(np.stack(batch_u8)).permute(0, 3, 1, 2).float().div_(255.0)


def pfld_loss(pred, target, angle_pred, angle_gt, weight):
    """PFLD loss: sum_c w_c * sum_k (1 - cos theta_k) * ||d||^2, averaged over the batch.

    theta_k = difference between the auxiliary net's yaw/pitch/roll and the GT's. We add 1 to the angle term so
    that the landmark gradient does not vanish once the auxiliary net predicts the angles well (documented).
    """
    d2 = ((pred - target) ** 2).sum(1)
    ang = (1 - torch.cos(angle_pred - angle_gt)).sum(1)
    return (weight * (1 + ang) * d2).mean()


def evaluate(model, val, threads_note=''):
    model.eval()
    errs = []
    with torch.no_grad():
        for i in range(0, len(val), 64):
            chunk = val[i:i + 64]
            crops, frames = [], []
            for img, p68, _, _ in chunk:
                crop, frame = ld.eval_crop(img, g.five_from_68(p68))
                crops.append(crop)
                frames.append(frame)
            out = model(to_tensor(crops)).numpy().reshape(-1, 68, 2)
            for (img, p68, _, _), o, (c, s, t) in zip(chunk, out, frames):
                errs.append(ld.nme(g.crop_to_points(o, c, s, t), p68))
    model.train()
    errs = np.array(errs)
    return {'nme': float(errs.mean()), 'failure_rate_10': float((errs > 0.10).mean()), 'count': int(len(errs))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', default='pfld')
    ap.add_argument('--epochs', type=int, default=120)
    ap.add_argument('--minutes', type=float, default=40)
    ap.add_argument('--batch', type=int, default=16)
    ap.add_argument('--lr', type=float, default=1e-3)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--limit', type=int, default=None, help='use only the first N labelled images (smoke runs)')
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--steps-per-epoch', type=int, default=0, help='0 = one pass over the training images')
    ap.add_argument('--eval-images', type=int, default=0, help='validation images used between epochs (0 = all)')
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.RandomState(args.seed)
    run_dir = os.path.join(RUNS, args.run)
    os.makedirs(run_dir, exist_ok=True)
    ck_path = os.path.join(run_dir, 'last.pt')
    best_path = os.path.join(run_dir, 'best.pt')

    train, val = ld.load_labelled(limit=args.limit)
    print(f'train {len(train)} images / {len(set(t[2] for t in train))} identities, '
          f'val {len(val)} images / {len(set(v[2] for v in val))} identities', flush=True)
    poses = np.stack([g.head_pose(p, max(img.shape[:2])) for img, p, _, _ in train])
    cls = ld.pose_classes(poses)
    # Inverse class frequency; occlusion/blur frequencies are the augmentation probabilities.
    freq = np.concatenate([cls.mean(0), [0.25, 0.2]])
    omega = 1.0 / np.maximum(freq, 1e-3)
    omega = omega / omega.sum()
    print('attribute frequencies', np.round(freq, 3).tolist(), flush=True)

    model = PFLD()
    # Start the regression at the mean shape so early steps learn offsets, not the crop centre.
    mean_shape = np.mean([g.points_to_crop(p, *ld.eval_crop(img, g.five_from_68(p))[1])
                          for img, p, _, _ in train[:400]], 0).reshape(-1)
    with torch.no_grad():
        model.fc.bias.copy_(torch.from_numpy(mean_shape).float())
        model.fc.weight.mul_(0.1)
    # The FC head sums 4,832 features: Adam's near-sign-sized first steps at the backbone's rate move its outputs by
    # whole crop widths and training diverges, so the head learns 20x slower.
    fc = [p for n, p in model.named_parameters() if n.startswith('fc.')]
    rest = [p for n, p in model.named_parameters() if not n.startswith('fc.')]
    opt = torch.optim.AdamW([{'params': rest, 'lr_scale': 1.0}, {'params': fc, 'lr_scale': 0.05}],
                            lr=args.lr, weight_decay=1e-4)
    budget = Budget(args.epochs, args.minutes)
    epoch, best = 0, {'nme': 1e9}
    if os.path.exists(ck_path):
        ck = load_checkpoint(ck_path, model, opt)
        epoch, best = ck['epoch'], ck['best']
        budget = Budget(args.epochs, args.minutes, ck['spent'])
        print(f'resumed at epoch {epoch}', flush=True)
    aug = ld.PfldAugmenter(rng)
    steps = args.steps_per_epoch or max(1, len(train) // args.batch)
    val_between = val[:args.eval_images] if args.eval_images else val
    history = []
    while not budget.done(epoch):
        order = np.concatenate([rng.permutation(len(train)) for _ in range(steps * args.batch // len(train) + 1)])
        t0, seen, total = time.time(), 0, 0.0
        for s in range(steps):
            ef = epoch + s / steps
            for grp in opt.param_groups:
                grp['lr'] = budget.lr(args.lr, ef) * grp['lr_scale']
            idx = order[s * args.batch:(s + 1) * args.batch]
            crops, targets, angles, weights = [], [], [], []
            for i in idx:
                img, p68, _, _ = train[i]
                crop, tgt, pose, attrs = aug(img, p68, poses[i])
                crops.append(crop)
                targets.append(tgt.reshape(-1))
                angles.append(np.radians(pose))
                c = ld.pose_classes(pose[None])[0]
                weights.append(float((np.concatenate([c, attrs]) * omega).sum()) * len(omega) / 2)
            x = to_tensor(crops)
            y = torch.from_numpy(np.stack(targets))
            out, ang = model(x, with_aux=True)
            loss = pfld_loss(out, y, ang, torch.from_numpy(np.stack(angles)).float(),
                             torch.tensor(weights, dtype=torch.float32))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            seen += len(idx)
            total += loss.item()
            if s % 10 == 0:
                print(f'  epoch {epoch} step {s}/{steps} loss {total / (s + 1):.4f} '
                      f'{seen / (time.time() - t0):.1f} img/s', flush=True)
            if budget.done(ef):
                break
        epoch += 1
        m = evaluate(model, val_between)
        m.update(epoch=epoch, loss=total / steps, img_per_s=seen / (time.time() - t0),
                 elapsed_min=budget.elapsed() / 60, lr=opt.param_groups[0]['lr'])
        history.append(m)
        print(json.dumps(m), flush=True)
        if m['nme'] < best['nme']:
            best = m
            torch.save({'model': model.state_dict(), 'metrics': m}, best_path)
        save_checkpoint(ck_path, model, opt, epoch, budget, best)
    write_json(os.path.join(run_dir, 'train-metrics.json'), {'best': best, 'history': history})
    write_json(os.path.join(run_dir, 'config.json'), vars(args) | {'crop': ld.CROP, 'omega': omega.tolist(),
                                                                   'attribute_frequency': freq.tolist()})
    print('best', json.dumps(best), flush=True)


if __name__ == '__main__':
    main()
