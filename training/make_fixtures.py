"""Reference fixtures for the C# decoder tests (tests/fixtures/):

- pfld-crop-reference.json: the keypoints5 crop of a formula image, sampled with cv2.warpAffine.
- kpnet-decode-reference.json: raw KPNet outputs (ONNX Runtime, shipped int8 model) for a real photo and the
  Python reference decoder's faces in frame coordinates.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edgeface_train import geometry as g, kpnet_decode as kd, ort_node  # noqa: E402
from edgeface_train.paths import MODELS, REPO  # noqa: E402

FIXTURES = os.path.join(REPO, 'tests', 'fixtures')


def r5(a):
    return [float(f'{v:.5g}') if abs(v) < 1e-3 else round(float(v), 5) for v in np.asarray(a).reshape(-1)]


def formula_image(w, h):
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([(3 * x + 5 * y) % 256, (7 * x) % 256, (11 * y) % 256], 2).astype(np.uint8)


def pfld_crop_fixture():
    from edgeface_train.landmarks_data import CROP
    crop = dict(CROP)   # the same object ship_pfld.py writes into the manifest
    w, h = 320, 240
    img = formula_image(w, h)
    kp = np.array([[100.0, 120.0], [160.5, 109.25], [131.0, 150.0], [108.0, 180.5], [156.0, 171.0]])
    centre, side, theta = g.keypoints5_crop(kp, crop['scale'], crop['shift'], crop['rotate'])
    t = g.warp_crop(img, centre, side, theta, 112).astype(np.float32) / 255.0
    out = {'width': w, 'height': h, 'formula': 'r=(3x+5y)%256, g=(7x)%256, b=(11y)%256',
           'keypoints': kp.tolist(), 'crop': crop, 'size': 112,
           'centre': [float(centre[0]), float(centre[1])], 'side': float(side), 'theta': float(theta),
           'tensor': [round(float(v), 5) for v in t.transpose(2, 0, 1).reshape(-1)]}
    return out


def kpnet_fixture():
    from edgeface_train.real_photos import load_real_photos
    with open(os.path.join(MODELS, 'kpnet-int8.json')) as f:
        man = json.load(f)
    p = man['kpnet']
    W, H = man['input']['width'], man['input']['height']
    # Candidates: the real photos, then validation scenes blown up to 640x480 frames (letterbox scale 0.5).
    # Take the one where the shipped model finds the most faces, so the C# test has several to compare.
    import cv2
    from train_kpnet import load_split
    cands = [img for img, _ in load_real_photos()]
    vimages, _ = load_split('val')
    cands += [cv2.resize(v, (2 * W, 2 * H), interpolation=cv2.INTER_LINEAR) for v in vimages[:24]]
    xs = np.stack([g.letterbox(c, W, H)[0].transpose(2, 0, 1) for c in cands]).astype(np.float32) / 255.0
    outs = ort_node.run(os.path.join(MODELS, 'kpnet-int8.onnx'), xs)
    counts = [len(kd.decode(s_, k_, p)) for s_, k_ in zip(outs['scale'], outs['kpt'])]
    img = cands[int(np.argmax(counts))]
    lb, _, _ = g.letterbox(img, W, H)
    x = lb.transpose(2, 0, 1)[None].astype(np.float32) / 255.0
    o = ort_node.run(os.path.join(MODELS, 'kpnet-int8.onnx'), x)
    s = np.array(r5(o['scale'][0]), np.float32).reshape(o['scale'][0].shape)
    k = np.array(r5(o['kpt'][0]), np.float32).reshape(o['kpt'][0].shape)
    # decode the rounded tensors so the C# side decoding the file gets exactly these faces
    faces = kd.decode(s, k, p, img.shape[1], img.shape[0], W, H)
    # the model file these maps came from: tests check the fixture is regenerated when the model changes
    return {'model_sha256': man['sha256'], 'kpnet': p, 'input': {'width': W, 'height': H}, 'frame': {'width': img.shape[1], 'height': img.shape[0]},
            'scale': {'shape': [1] + list(s.shape), 'data': r5(s)},
            'keypoints': {'shape': [1] + list(k.shape), 'data': r5(k)},
            'faces': [{'box': [round(float(v), 4) for v in f['box']], 'score': round(float(f['score']), 5),
                       'size': round(float(f['size']), 4),
                       'keypoints': [[round(float(a), 4), round(float(b), 4)] for a, b in f['keypoints']]}
                      for f in faces]}


def main():
    os.makedirs(FIXTURES, exist_ok=True)
    which = sys.argv[1:] or ['pfld', 'kpnet']
    if 'pfld' in which:
        with open(os.path.join(FIXTURES, 'pfld-crop-reference.json'), 'w') as f:
            json.dump(pfld_crop_fixture(), f, separators=(',', ':'))
    if 'kpnet' in which:
        fx = kpnet_fixture()
        with open(os.path.join(FIXTURES, 'kpnet-decode-reference.json'), 'w') as f:
            json.dump(fx, f, separators=(',', ':'))
        print('kpnet fixture faces:', len(fx['faces']))
    for n in os.listdir(FIXTURES):
        print(n, os.path.getsize(os.path.join(FIXTURES, n)))


if __name__ == '__main__':
    main()
