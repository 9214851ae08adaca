"""training/remeasure.py on tiny inputs: the int8 figures come from the model's outputs, the threshold rule moves the
manifest only when it gives another value, the shipping run's values are kept, and other scenes or another model
file are refused. Model outputs are made by hand (a runner stands in for ONNX Runtime), except in the last test,
which runs the shipped kpnet-int8.onnx through onnxruntime-node when training/cache has it. No ../shared needed.
"""
import copy
import hashlib
import os
import shutil
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'training'))
import remeasure  # noqa: E402
from edgeface_train import geometry as g, kpnet_decode as kd, ort_node, pfld_measure as pm  # noqa: E402
from edgeface_train.paths import MODELS  # noqa: E402

PARAMS = {'stride': 4, 'scale_bins': {'count': 8, 'min_size': 10.0, 'max_size': 240.0}, 'window_factor': 0.5,
          'temperature': 1.0, 'score_threshold': 0.247, 'nms_iou': 0.4,
          'box': {'cx': 0.0, 'cy': 0.0, 'w': 1.0, 'h': 1.0}, 'max_faces': 8}
H, W = 240, 320
BIN = 3  # the face size bin the fake outputs light up
CELLS = [(20, 30), (35, 50)]  # (row, column) of the one face in each scene, in stride-4 cells


def face_label(row, col):
    """A scenes.npz face row [cx, cy, w, h, 5 x (kx, ky)] that the fake outputs at (row, col) decode onto."""
    size = kd.bin_size(BIN, PARAMS)
    cx, cy = (col + 0.5) * 4, (row + 0.5) * 4
    return np.array([cx, cy, size, size] + [cx, cy] * 5, np.float32)


def fake_runner(score, calls=None):
    """Stands in for ort_node.run: every image gets one face of `score` at its CELLS entry (score 0: none)."""
    def run(model, x):
        if calls is not None:
            calls.append(model)
        n = len(x)
        scale = np.zeros((n, PARAMS['scale_bins']['count'], H // 4, W // 4), np.float32)
        kpt = np.full((n, 5, H // 4, W // 4), -30.0, np.float32)
        for i in range(n):
            r, c = CELLS[i % len(CELLS)]
            scale[i, BIN, r, c] = score
            kpt[i, :, r, c] = 30.0
        return {'scale': scale, 'kpt': kpt}
    return run


class Files:
    """A model file, its manifest and the metrics a shipping run would have written."""

    def __init__(self, tmp):
        self.model = os.path.join(tmp, 'kpnet-int8.onnx')
        with open(self.model, 'wb') as f:
            f.write(b'not really onnx')
        digest = hashlib.sha256(b'not really onnx').hexdigest()
        self.manifest = {'name': 'kpnet', 'sha256': digest, 'kpnet': copy.deepcopy(PARAMS)}
        self.metrics = {'scenes_fp32': {'ap': 0.5, 'gt_faces': 2}, 'scenes_int8': {'ap': 0.1, 'gt_faces': 2},
                        'photos_int8': {'0.5': {'ap': 0.1}}, 'latency': {'int8_1thread': {'min_ms': 1.66}},
                        'kpnet': copy.deepcopy(PARAMS)}
        self.scenes = ([np.zeros((H, W, 3), np.uint8) for _ in CELLS], [face_label(*c)[None] for c in CELLS])
        # one 320x240 photo: the letterbox is the identity, so the same fake face lands on its label
        x, y, w, h = face_label(*CELLS[0])[:4]
        self.photos = [(np.zeros((H, W, 3), np.uint8), [[x - w / 2, y - h / 2, w, h]])]


class KpnetRemeasureTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.f = Files(self.tmp)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def remeasure(self, score, metrics=None, **kw):
        f = self.f
        return remeasure.remeasure_kpnet(f.model, f.manifest, metrics or f.metrics, f.scenes, f.photos, 'test',
                                         run=fake_runner(score), runtime='hand-made outputs', **kw)

    def test_int8_figures_come_from_the_outputs_and_the_rule_moves_the_threshold(self):
        out, man = self.remeasure(0.45)
        s8 = out['scenes_int8']
        self.assertEqual(s8['gt_faces'], 2)
        self.assertAlmostEqual(s8['ap'], 1.0)
        self.assertAlmostEqual(s8['threshold_at_precision'], 0.45, places=6)
        self.assertEqual(s8['recall_ge32'], 1.0)
        self.assertAlmostEqual(out['photos_int8'][0.5]['ap'], 1.0)
        # 0.45 is inside the rule's bounds and not the shipped 0.247: the manifest and the metrics' params follow it
        self.assertEqual(man['kpnet']['score_threshold'], 0.45)
        self.assertEqual(out['kpnet']['score_threshold'], 0.45)
        self.assertEqual(self.f.manifest['kpnet']['score_threshold'], 0.247, 'the input manifest was changed in place')
        rec = out['remeasured']
        self.assertTrue(rec['x64_quant_precision'])
        self.assertEqual(rec['onnx_runtime'], 'hand-made outputs')
        self.assertEqual(rec['score_threshold'], {'shipped': 0.247, 'implied': 0.45, 'manifest_updated': True})
        self.assertEqual(sorted(rec['entries']), ['photos_int8', 'scenes_int8'])
        self.assertIn('scenes_fp32', rec['from_shipping_run'])
        self.assertIn('latency', rec['from_shipping_run'])
        self.assertEqual(rec['shipping_run_values']['scenes_int8'], {'ap': 0.1, 'gt_faces': 2})
        # fp32 and latency are the shipping run's, untouched
        self.assertEqual(out['scenes_fp32'], self.f.metrics['scenes_fp32'])
        self.assertEqual(out['latency'], self.f.metrics['latency'])

    def test_a_second_run_keeps_the_shipping_values_and_an_unchanged_threshold_keeps_the_manifest(self):
        first, man = self.remeasure(0.45)
        self.f.manifest = man
        second, man2 = self.remeasure(0.45, metrics=first)
        self.assertIs(man2, man, 'the manifest already has the threshold: nothing to write')
        self.assertEqual(second['remeasured']['score_threshold'],
                         {'shipped': 0.247, 'implied': 0.45, 'manifest_updated': True})
        self.assertEqual(second['remeasured']['shipping_run_values']['scenes_int8'], {'ap': 0.1, 'gt_faces': 2})

    def test_a_model_that_finds_nothing_scores_zero_and_the_threshold_is_clamped(self):
        out, man = self.remeasure(0.0)
        self.assertEqual(out['scenes_int8']['ap'], 0.0)
        self.assertEqual(out['scenes_int8']['recall_ge32'], 0.0)
        self.assertEqual(man['kpnet']['score_threshold'], 0.6)

    def test_other_scenes_or_another_model_file_are_refused(self):
        self.f.metrics['scenes_int8']['gt_faces'] = 3
        with self.assertRaisesRegex(remeasure.RemeasureError, 'not the same scenes'):
            self.remeasure(0.45)
        self.f.metrics['scenes_int8']['gt_faces'] = 2
        self.f.manifest['sha256'] = '0' * 64
        with self.assertRaisesRegex(remeasure.RemeasureError, 'sha256'):
            self.remeasure(0.45)


def face68(rng, cx=100.0, cy=100.0):
    """68 points shaped enough like a face for five_from_68 and the outer-eye-corner NME (36 left of 45)."""
    pts = np.column_stack([cx + rng.uniform(-30, 30, 68), cy + rng.uniform(-30, 35, 68)])
    pts[36:42] = [cx - 25, cy - 10] + rng.uniform(-2, 2, (6, 2))
    pts[42:48] = [cx + 25, cy - 10] + rng.uniform(-2, 2, (6, 2))
    pts[30] = [cx, cy + 5]
    pts[48], pts[54] = [cx - 15, cy + 20], [cx + 15, cy + 20]
    return pts


class PfldRemeasureTest(unittest.TestCase):
    CROP = {'kind': 'keypoints5', 'scale': 3.3, 'shift': 0.15, 'rotate': True}

    def setUp(self):
        rng = np.random.RandomState(1)
        self.val = [(rng.randint(0, 255, (200, 200, 3)).astype(np.uint8), face68(rng), 'id', f'img{i}.jpg')
                    for i in range(3)]
        self.tmp = tempfile.mkdtemp()
        self.model = os.path.join(self.tmp, 'pfld68-int8.onnx')
        with open(self.model, 'wb') as f:
            f.write(b'pfld')
        self.manifest = {'sha256': hashlib.sha256(b'pfld').hexdigest(), 'landmarks': {'crop': self.CROP}}
        self.metrics = {'fp32_gt_keypoints': {'nme': 0.05}, 'int8_gt_keypoints': {'nme': 0.06},
                        'val_split': {'images': 3}}
        _, frames = pm.gt_keypoint_crops(self.val, self.CROP)
        # what a perfect landmarker answers: the labels in crop coordinates
        self.perfect = np.stack([g.points_to_crop(it[1], *fr).reshape(-1) for it, fr in zip(self.val, frames)])

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def run_pfld(self, answer):
        yunet = (self.val,) + pm.gt_keypoint_crops(self.val, self.CROP)
        return remeasure.remeasure_pfld(self.model, self.manifest, self.metrics, self.val, 'test',
                                        run=lambda m, x: {'landmarks': answer[:len(x)]}, yunet=yunet,
                                        runtime='hand-made outputs')

    def test_nme_is_measured_on_the_manifests_crop(self):
        out = self.run_pfld(self.perfect.astype(np.float32))
        self.assertLess(out['int8_gt_keypoints']['nme'], 1e-5)
        self.assertEqual(out['int8_gt_keypoints']['count'], 3)
        self.assertLess(out['int8_yunet_keypoints']['nme'], 1e-5)
        self.assertAlmostEqual(out['int8_vs_fp32_relative'], out['int8_gt_keypoints']['nme'] / 0.05 - 1)
        self.assertEqual(out['remeasured']['shipping_run_values']['int8_gt_keypoints'], {'nme': 0.06})
        self.assertIn('fp32_gt_keypoints', out['remeasured']['from_shipping_run'])

    def test_a_wrong_answer_fails_every_image_and_another_split_is_refused(self):
        out = self.run_pfld(np.zeros_like(self.perfect, np.float32))
        self.assertGreater(out['int8_gt_keypoints']['nme'], 0.1)
        self.assertEqual(out['int8_gt_keypoints']['failure_rate_10'], 1.0)
        self.metrics['val_split']['images'] = 533
        with self.assertRaisesRegex(remeasure.RemeasureError, 'not the same split'):
            self.run_pfld(self.perfect)


class ModelCardProvenanceTest(unittest.TestCase):
    """The card says what was re-measured and whether it moved, from the records remeasure.py leaves."""

    def card(self, score):
        import make_model_card
        with tempfile.TemporaryDirectory() as tmp:
            f = Files(tmp)
            km, _ = remeasure.remeasure_kpnet(f.model, f.manifest, f.metrics, f.scenes, f.photos,
                                              'training/remeasure.py', run=fake_runner(score),
                                              runtime='hand-made outputs')
        return '\n'.join(make_model_card.provenance(None, km, None))

    def test_moved_figures_and_a_new_threshold_are_named(self):
        text = self.card(0.45)
        self.assertIn('changed from the shipping run: scenes_int8, photos_int8', text)
        self.assertIn('shipped 0.247, re-measured 0.45; the manifest was updated', text)
        self.assertIn('`training/remeasure.py`', text)
        self.assertIn('From the shipping runs', text)

    def test_unmoved_figures_say_so(self):
        import make_model_card
        km = {'scenes_int8': {'ap': 0.5}, 'remeasured': {
            'date': '2026-12-08', 'command': 'training/remeasure.py', 'onnx_runtime': 'onnxruntime-node 1.30.0',
            'cpu': {'model': 'X', 'avx2': True, 'avx512_vnni': False}, 'entries': ['scenes_int8'],
            'shipping_run_values': {'scenes_int8': {'ap': 0.5}}}}
        text = '\n'.join(make_model_card.provenance(None, km, None))
        self.assertIn("they equal the shipping run's exactly", text)
        self.assertIn('on X (AVX2, no VNNI)', text)


class ShippedKpnetThroughOrtTest(unittest.TestCase):
    """The real adapter: the shipped kpnet-int8.onnx through onnxruntime-node with the exact x64 kernels."""

    def test_shipped_model_runs_through_the_remeasure_path(self):
        if not ort_node.available() or shutil.which('node') is None:
            self.skipTest('onnxruntime-node is not unpacked in training/cache/ort (training/train.sh step 2 does it)')
        import json
        with open(os.path.join(MODELS, 'kpnet-int8.json')) as f:
            manifest = json.load(f)
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        f = Files(tmp.name)
        # a bright disc on grey: whatever the model makes of it, the figures must be well-formed numbers
        img = np.full((H, W, 3), 120, np.uint8)
        yy, xx = np.mgrid[:H, :W]
        img[(yy - 84) ** 2 + (xx - 122) ** 2 < 400] = 220
        scenes = ([img, img[:, ::-1].copy()], f.scenes[1])
        calls = []

        def run(model, x):
            calls.append(model)
            return ort_node.run(model, x)
        out, _ = remeasure.remeasure_kpnet(os.path.join(MODELS, 'kpnet-int8.onnx'), manifest, f.metrics, scenes,
                                           f.photos, 'test', run=run)
        self.assertEqual(len(calls), 2)
        self.assertEqual(out['scenes_int8']['gt_faces'], 2)
        self.assertTrue(0.0 <= out['scenes_int8']['ap'] <= 1.0)
        self.assertEqual(out['remeasured']['onnx_runtime'], f'onnxruntime-node {ort_node.version()}')


if __name__ == '__main__':
    unittest.main()
