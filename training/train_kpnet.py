"""Train KPNet on pre-generated synthetic scenes (make_scenes.py). Usage: see train.sh."""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edgeface_train import kpnet_targets as kt, warm_start  # noqa: E402
from edgeface_train.kpnet_eval import evaluate_scenes, default_params  # noqa: E402
from edgeface_train.kpnet_model import KPNet  # noqa: E402
from edgeface_train.paths import REPO, SCENE_CACHE, RUNS  # noqa: E402
from edgeface_train.runloop import Budget, load_checkpoint, save_checkpoint, write_json  # noqa: E402


def load_split(name):
    d = np.load(os.path.join(SCENE_CACHE, name + '.npz'))
    counts = d['counts']
    offs = np.concatenate([[0], np.cumsum(counts)])
    # One read of the array: every d['faces'] reads it from the file again, and each slice would keep its own copy.
    all_faces = d['faces']
    faces = [all_faces[offs[i]:offs[i + 1]] for i in range(len(counts))]
    return d['images'], faces


def random_crop(img, faces, cw, ch, rng):
    H, W = img.shape[:2]
    if cw >= W and ch >= H:
        return img, faces
    x0 = rng.randint(0, (W - cw) // 4 + 1) * 4
    y0 = rng.randint(0, (H - ch) // 4 + 1) * 4
    f = faces.copy()
    f[:, 0] -= x0
    f[:, 1] -= y0
    f[:, 4::2] -= x0
    f[:, 5::2] -= y0
    keep = (f[:, 0] >= 0) & (f[:, 0] < cw) & (f[:, 1] >= 0) & (f[:, 1] < ch)
    return img[y0:y0 + ch, x0:x0 + cw], f[keep]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--run', default='kpnet')
    ap.add_argument('--epochs', type=int, default=60)
    ap.add_argument('--minutes', type=float, default=40)
    ap.add_argument('--batch', type=int, default=16)
    ap.add_argument('--crop', default='320x240', help='training crop WxH (multiples of 16)')
    ap.add_argument('--lr', type=float, default=None, help='peak learning rate (3e-3; 1.5e-3 when continuing with --init)')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--seed', type=int, default=4321)
    ap.add_argument('--eval-every', type=int, default=1)
    ap.add_argument('--init', default=None,
                    help='start from the weights of a shipped kpnet-int8.onnx (continue a release) instead of random')
    args = ap.parse_args()
    if args.lr is None:
        args.lr = 1.5e-3 if args.init else 3e-3
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.RandomState(args.seed)
    params = default_params()
    bins = params['scale_bins']
    cw, ch = (int(v) for v in args.crop.split('x'))
    run_dir = os.path.join(RUNS, args.run)
    os.makedirs(run_dir, exist_ok=True)
    ck_path = os.path.join(run_dir, 'last.pt')
    best_path = os.path.join(run_dir, 'best.pt')

    images, faces = load_split('train')
    vimages, vfaces = load_split('val')
    print(f'train scenes {len(images)} ({sum(len(f) for f in faces)} faces), val {len(vimages)}', flush=True)
    model = KPNet(scale_bins=bins['count'])
    print('params', sum(p.numel() for p in model.parameters()), flush=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    budget = Budget(args.epochs, args.minutes)
    epoch, best, init_from = 0, {'score': -1}, None
    if args.init and not os.path.exists(ck_path):
        n = warm_start.load_qdq(model, args.init, images[:64], outputs={'kpt': 'kpt_head.2'})
        # Read what the file was trained from now: shipping this run replaces that file and its metrics.
        init_from = init_record(args.init)
        print(f'started from {args.init} ({n} convolutions)', flush=True)
    if os.path.exists(ck_path):
        ck = load_checkpoint(ck_path, model, opt)
        epoch, best = ck['epoch'], ck['best']
        init_from = ck['extra'].get('init_from')
        budget = Budget(args.epochs, args.minutes, ck['spent'])
        print(f'resumed at epoch {epoch}', flush=True)
    steps = max(1, len(images) // args.batch)
    history = []
    while not budget.done(epoch):
        order = rng.permutation(len(images))
        t0, seen, tot = time.time(), 0, np.zeros(3)
        for s in range(steps):
            ef = epoch + s / steps
            for grp in opt.param_groups:
                grp['lr'] = budget.lr(args.lr, ef)
            batch_imgs, batch_faces = [], []
            for i in order[s * args.batch:(s + 1) * args.batch]:
                img, f = random_crop(images[i], faces[i], cw, ch, rng)
                if rng.rand() < 0.5:
                    img = img[:, ::-1]
                    f = f.copy()
                    f[:, 0] = img.shape[1] - f[:, 0]
                    kp = f[:, 4:].reshape(-1, 5, 2)
                    kp[..., 0] = img.shape[1] - kp[..., 0]
                    f[:, 4:] = kp[:, [1, 0, 2, 4, 3]].reshape(-1, 10)
                batch_imgs.append(np.ascontiguousarray(img))
                batch_faces.append(f)
            x = torch.from_numpy(np.stack(batch_imgs)).permute(0, 3, 1, 2).float().div_(255.0)
            h, w = ch // 4, cw // 4
            st, kp_t, items = kt.build(batch_faces, h, w, bins, params['window_factor'])
            s_logit, k_logit = model(x)
            ls, npos = kt.focal_bce(s_logit, torch.from_numpy(st))
            lk, nk = kt.focal_bce(k_logit, torch.from_numpy(kp_t))
            la = kt.soft_argmax_loss(k_logit, items, params['temperature'], h, w)
            nf = max(1.0, float(len(items)))
            loss = ls / nf + 0.5 * lk / (5 * nf) + 5.0 * la / nf
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
            opt.step()
            seen += len(batch_imgs)
            tot += [ls.item() / nf, lk.item() / (5 * nf), la.item() / nf]
            if s % 50 == 0:
                print(f'  epoch {epoch} step {s}/{steps} loss {tot / (s + 1)} {seen / (time.time() - t0):.1f} img/s',
                      flush=True)
            if budget.done(ef):
                break
        epoch += 1
        m = {'epoch': epoch, 'loss': (tot / steps).tolist(), 'img_per_s': seen / (time.time() - t0),
             'elapsed_min': budget.elapsed() / 60}
        if epoch % args.eval_every == 0 or budget.done(epoch):
            model.eval()
            with torch.no_grad():
                m.update(evaluate_scenes(lambda x: [t.numpy() for t in model_export(model, x)], vimages, vfaces,
                                         params))
            model.train()
            if m['score'] > best.get('score', -1):
                best = m
                torch.save({'model': model.state_dict(), 'metrics': m}, best_path)
        history.append(m)
        print(json.dumps(m), flush=True)
        save_checkpoint(ck_path, model, opt, epoch, budget, best, extra={'init_from': init_from})
    write_json(os.path.join(run_dir, 'train-metrics.json'), {'best': best, 'history': history})
    write_json(os.path.join(run_dir, 'config.json'),
               vars(args) | {'init': repo_relative(args.init), 'training_scenes': len(images), 'kpnet': params,
                             'init_from': init_from})
    print('best', json.dumps(best), flush=True)


def repo_relative(path):
    """A path inside the repository as seen from its root, so a shipped config does not name the training machine."""
    if not path:
        return path
    rel = os.path.relpath(os.path.abspath(path), REPO)
    return path if rel.startswith('..') else rel


def init_record(path):
    """What the run continued from: the shipped model's own training figures (its metrics file sits beside it)."""
    if not path:
        return None
    rec = {'file': os.path.basename(path)}
    mpath = path[:-len('.onnx')] + '.metrics.json'
    if os.path.exists(mpath):
        with open(mpath) as f:
            ck = json.load(f).get('checkpoint_metrics') or {}
        rec.update(epochs=ck.get('epoch'), minutes=round(ck.get('elapsed_min', 0), 1))
    # A release that itself continued an earlier one: keep the chain, so the card can give the whole time.
    cpath = path[:-len('.onnx')] + '.config.json'
    earlier = None
    if os.path.exists(cpath):
        with open(cpath) as f:
            cfg = json.load(f)
        earlier = cfg.get('init_from')
        if cfg.get('training_scenes'):
            rec['scenes'] = cfg['training_scenes']
    if earlier:
        rec['earlier'] = earlier
    earlier = earlier or {}
    rec['total_minutes'] = round(rec.get('minutes', 0) + earlier.get('total_minutes', earlier.get('minutes', 0)), 1)
    return rec


def model_export(model, x):
    s, k = model(x)
    return s.sigmoid(), k


if __name__ == '__main__':
    main()
