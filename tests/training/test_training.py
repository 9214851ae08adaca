"""Fast CPU tests of the training code's contract pieces (no ../shared needed).

Run: /usr/bin/python3 -m unittest discover -s tests/training -v
"""
import math
import os
import sys
import tempfile
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'training'))
from edgeface_train import geometry as g  # noqa: E402
from edgeface_train import kpnet_decode as kd  # noqa: E402


def bilinear_contract(img, x, y):
    """The contract's sampling rule written out literally: pixel centres at i + 0.5, zero outside."""
    fx, fy = x - 0.5, y - 0.5
    x0, y0 = math.floor(fx), math.floor(fy)
    ax, ay = fx - x0, fy - y0
    h, w = img.shape[:2]

    def px(xx, yy):
        return img[yy, xx].astype(np.float64) if 0 <= xx < w and 0 <= yy < h else np.zeros(img.shape[2])
    return ((1 - ax) * (1 - ay) * px(x0, y0) + ax * (1 - ay) * px(x0 + 1, y0)
            + (1 - ax) * ay * px(x0, y0 + 1) + ax * ay * px(x0 + 1, y0 + 1))


class GeometryTests(unittest.TestCase):
    def test_warp_crop_matches_contract_sampling(self):
        rng = np.random.RandomState(0)
        img = rng.randint(0, 256, (60, 80, 3)).astype(np.uint8)
        centre, side, theta, n = np.array([37.3, 29.8]), 41.0, 0.4, 16
        crop = g.warp_crop(img, centre, side, theta, n).astype(np.float64)
        c, s = math.cos(theta), math.sin(theta)
        for v in range(n):
            for u in range(n):
                ox, oy = ((u + 0.5) / n - 0.5) * side, ((v + 0.5) / n - 0.5) * side
                px, py = centre[0] + c * ox - s * oy, centre[1] + s * ox + c * oy
                # OpenCV uses 5-bit fixed-point interpolation weights: allow a small tolerance
                np.testing.assert_allclose(crop[v, u], bilinear_contract(img, px, py), atol=4.5)

    def test_crop_point_mapping_round_trips(self):
        pts = np.array([[10.0, 20.0], [33.5, 7.25]])
        centre, side, theta = np.array([20.0, 15.0]), 30.0, -0.3
        back = g.crop_to_points(g.points_to_crop(pts, centre, side, theta), centre, side, theta)
        np.testing.assert_allclose(back, pts, atol=1e-9)

    def test_keypoints5_crop_is_level_for_level_eyes(self):
        kp = np.array([[40, 50], [80, 50], [60, 70], [45, 90], [75, 90]], float)
        centre, side, theta = g.keypoints5_crop(kp, 3.0, 0.1)
        self.assertAlmostEqual(theta, 0.0)
        self.assertAlmostEqual(side, 3.0 * 40.0)             # eye distance 40 > eye-mouth 40? equal -> 40
        np.testing.assert_allclose(centre, [60.0, 70.0 + 0.1 * 40.0])

    def test_mirror_permutation_is_an_involution_and_swaps_eyes(self):
        m = g.MIRROR68
        self.assertEqual(sorted(m.tolist()), list(range(68)))
        np.testing.assert_array_equal(m[m], np.arange(68))
        self.assertEqual(m[36], 45)
        self.assertEqual(m[48], 54)
        self.assertEqual(m[8], 8)

    def test_letterbox_places_image_top_left(self):
        img = np.full((100, 200, 3), 255, np.uint8)
        out, sx, sy = g.letterbox(img, 320, 240)
        self.assertEqual(out.shape, (240, 320, 3))
        self.assertEqual(out[159, 0, 0], 255)
        self.assertEqual(out[160, 0, 0], 0)
        self.assertAlmostEqual(sx, 1.6)
        self.assertAlmostEqual(sy, 1.6)


class DecoderTests(unittest.TestCase):
    params = {'stride': 4, 'scale_bins': {'count': 4, 'min_size': 10.0, 'max_size': 80.0}, 'window_factor': 0.5,
              'temperature': 1.0, 'score_threshold': 0.3, 'nms_iou': 0.4,
              'box': {'cx': 0.0, 'cy': 0.1, 'w': 1.0, 'h': 1.2}, 'max_faces': 10}

    def test_plateau_gives_one_peak(self):
        m = np.zeros((1, 5, 5), np.float32)
        m[0, 2, 2] = m[0, 2, 3] = 0.8
        peaks = kd.find_peaks(m, 0.3)
        self.assertEqual(peaks, [(pytest_approx(0.8), 2, 2)])

    def test_decodes_a_face_with_sub_bin_size_and_soft_argmax(self):
        S, h, w = 4, 20, 20
        scale = np.zeros((S, h, w), np.float32)
        scale[1, 10, 8], scale[2, 10, 8] = 0.9, 0.6
        kpt = np.full((5, h, w), -20.0, np.float32)
        targets = [(6, 8), (10, 8), (8, 10), (7, 12), (9, 12)]
        for k, (x, y) in enumerate(targets):
            kpt[k, y, x] = 5.0
        faces = kd.decode(scale, kpt, self.params)
        self.assertEqual(len(faces), 1)
        f = faces[0]
        s_hat = (0 * 0 + 0.9 * 1 + 0.6 * 2) / (0.9 + 0.6)
        self.assertAlmostEqual(f['size'], 10 * 8 ** (s_hat / 3), places=4)
        np.testing.assert_allclose(f['keypoints'], [[(x + 0.5) * 4, (y + 0.5) * 4] for x, y in targets], atol=1e-3)
        mx, my = f['keypoints'].mean(0)
        np.testing.assert_allclose(f['box'][2:], [f['size'], 1.2 * f['size']], rtol=1e-6)
        self.assertAlmostEqual(f['box'][1] + f['box'][3] / 2, my + 0.1 * f['size'], places=4)

    def test_letterbox_mapping_back_to_frame(self):
        scale = np.zeros((4, 20, 20), np.float32)
        scale[0, 5, 5] = 0.9
        kpt = np.zeros((5, 20, 20), np.float32)
        a = kd.decode(scale, kpt, self.params)
        b = kd.decode(scale, kpt, self.params, frame_w=160, frame_h=40, input_w=80, input_h=80)
        np.testing.assert_allclose(np.array(b[0]['box']), np.array(a[0]['box']) * 2, rtol=1e-9)


def pytest_approx(v):
    return Approx(v)


class Approx(float):
    def __eq__(self, other):
        return abs(float(self) - float(other)) < 1e-6


class QuantizerTests(unittest.TestCase):
    def test_qdq_graph_has_per_channel_int8_weights_and_int32_bias(self):
        import onnx
        import torch
        from edgeface_train import export, quantize
        net = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(4, 2, 1))
        with tempfile.TemporaryDirectory() as tmp:
            fp32, int8 = os.path.join(tmp, 'a.onnx'), os.path.join(tmp, 'b.onnx')
            export.export(net, (1, 3, 8, 8), fp32, 'input', ['out'])
            names = quantize.activation_tensors(onnx.load(fp32))
            ranges = {t: (-1.0, 2.0) for t in names}
            m = quantize.quantize(fp32, int8, ranges)
            ops = quantize.op_histogram(int8)
            self.assertEqual(ops['Conv'], 2)
            inits = {i.name: i for i in m.graph.initializer}
            w8 = [i for i in inits.values() if i.data_type == onnx.TensorProto.INT8 and len(i.dims) == 4]
            b32 = [i for i in inits.values() if i.data_type == onnx.TensorProto.INT32 and i.name.endswith('_q')]
            self.assertEqual(len(w8), 2)
            self.assertEqual(len(b32), 2)
            dq_axes = [a.i for n in m.graph.node if n.op_type == 'DequantizeLinear' for a in n.attribute
                       if a.name == 'axis']
            self.assertTrue(all(ax == 0 for ax in dq_axes) and len(dq_axes) == 4)
            # the graph output stays float: no Q after the last Conv
            last = [n for n in m.graph.node if 'out' in n.output][0]
            self.assertEqual(last.op_type, 'Conv')


class WarmStartTests(unittest.TestCase):
    """Continuing from a shipped file: the weights that come back must give the network that was exported."""

    @staticmethod
    def _exported(tmp):
        import torch
        from edgeface_train import export
        from edgeface_train.kpnet_model import KPNet, KPNetExport
        torch.manual_seed(3)
        net = KPNet()
        with torch.no_grad():   # non-trivial BatchNorm statistics, so the folding matters
            for m in net.modules():
                if isinstance(m, torch.nn.BatchNorm2d):
                    m.running_mean.uniform_(-0.5, 0.5)
                    m.running_var.uniform_(0.5, 2.0)
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.2, 0.2)
        path = os.path.join(tmp, 'kpnet.onnx')
        export.export(KPNetExport(net), (1, 3, 64, 96), path, 'input', ['scale', 'kpt'])
        return net.eval(), path

    @staticmethod
    def _outputs(net, x):
        import torch
        with torch.no_grad():
            s, k = net.eval()(x)
        return s.numpy(), k.numpy()

    def test_fp32_file_gives_back_the_same_network_in_eval_mode(self):
        import torch
        from edgeface_train import warm_start
        from edgeface_train.kpnet_model import KPNet
        rng = np.random.RandomState(1)
        with tempfile.TemporaryDirectory() as tmp:
            net, path = self._exported(tmp)
            fresh = KPNet()
            images = rng.randint(0, 256, (4, 64, 96, 3)).astype(np.uint8)
            n = warm_start.load_qdq(fresh, path, images, outputs={'kpt': 'kpt_head.2'})
        self.assertEqual(n, sum(isinstance(m, torch.nn.Conv2d) for m in fresh.modules()))
        x = torch.from_numpy(rng.rand(2, 3, 64, 96).astype(np.float32))
        for a, b in zip(self._outputs(net, x), self._outputs(fresh, x)):
            np.testing.assert_allclose(b, a, rtol=1e-3, atol=1e-3)
        # the BatchNorms now hold the statistics of the images they saw, not identity
        bn = fresh.stem[1]
        self.assertGreater(float(bn.running_var.abs().sum()), 0.0)
        self.assertFalse(np.allclose(bn.running_mean.numpy(), 0.0))

    def test_int8_file_gives_back_weights_within_quantization_error(self):
        import onnx
        import torch
        from edgeface_train import quantize, warm_start
        from edgeface_train.kpnet_model import KPNet
        rng = np.random.RandomState(2)
        with tempfile.TemporaryDirectory() as tmp:
            net, path = self._exported(tmp)
            int8 = os.path.join(tmp, 'int8.onnx')
            quantize.quantize(path, int8, {t: (-20.0, 20.0) for t in quantize.activation_tensors(onnx.load(path))})
            fresh = KPNet()
            warm_start.load_qdq(fresh, int8, rng.randint(0, 256, (4, 64, 96, 3)).astype(np.uint8),
                                outputs={'kpt': 'kpt_head.2'})
        x = torch.from_numpy(rng.rand(2, 3, 64, 96).astype(np.float32))
        for a, b in zip(self._outputs(net, x), self._outputs(fresh, x)):
            self.assertGreater(np.corrcoef(a.ravel(), b.ravel())[0, 1], 0.99)

    def test_a_different_architecture_is_refused(self):
        from edgeface_train import warm_start
        from edgeface_train.kpnet_model import KPNet
        with tempfile.TemporaryDirectory() as tmp:
            _, path = self._exported(tmp)
            with self.assertRaises(ValueError):
                warm_start.load_qdq(KPNet(c4=16), path, np.zeros((1, 64, 96, 3), np.uint8),
                                    outputs={'kpt': 'kpt_head.2'})


class PhotoSceneTests(unittest.TestCase):
    """Labels of photo scenes must name the pixels they land on: each keypoint of a synthetic photo is a bright dot
    on a dark photo, and after the scene's warp (scale, rotation, mirror, tile placement) a dot must be under every
    label, with the left/right order of the five points kept."""

    def photo(self):
        from edgeface_train.photo_scenes import Photo
        img = np.full((300, 400, 3), 30, np.uint8)
        kps, boxes = [], []
        for cx, cy in [(120.0, 130.0), (290.0, 170.0)]:
            kp = np.array([[cx - 15, cy - 12], [cx + 15, cy - 12], [cx, cy + 2], [cx - 12, cy + 18], [cx + 12, cy + 18]])
            for x, y in kp:
                img[int(y) - 2:int(y) + 3, int(x) - 2:int(x) + 3] = 255
            kps.append(kp + 0.5)   # pixel centres
            boxes.append([cx, cy + 3, 50.0, 55.0])
        return Photo(img, kps, boxes)

    def check_scene(self, img, kps):
        for kp in kps:
            for k, (x, y) in enumerate(kp):
                if not (0 <= x < img.shape[1] and 0 <= y < img.shape[0]):
                    continue   # a face near the edge keeps labels for keypoints that left the frame
                level = int(img[int(y), int(x)].max())
                self.assertGreater(level, 100, f'keypoint {k} at ({x:.1f}, {y:.1f}) is not on a dot ({level})')
            self.assertLess(kp[0, 0], kp[1, 0])
            self.assertLess(kp[3, 0], kp[4, 0])

    def test_full_frame_and_mosaic_labels_follow_the_pixels(self):
        from edgeface_train import photo_scenes as ps
        from edgeface_train import scenes as sc
        seen = {'full': 0, 'mosaic': 0}
        for seed in range(40):
            rng = np.random.RandomState(seed)
            maker = ps.PhotoSceneMaker([self.photo()], lambda: np.zeros((sc.H, sc.W, 3), np.uint8), rng)
            full = rng.rand() < 0.5
            maker.full_frame = 1.0 if full else 0.0
            img, boxes, kps = maker.make()
            self.assertEqual(img.shape, (sc.H, sc.W, 3))
            self.assertEqual(len(boxes), len(kps))
            # letterbox bands (zero rows/columns) may hide a face; only check visible ones
            # faces shrunk below ~30 px average their 5-px dots away (INTER_AREA): check the ones that stay visible
            visible = [k for k, b in zip(kps, boxes) if math.sqrt(b[2] * b[3]) >= 30 and
                       img[int(k[2, 1]), int(k[2, 0])].max() > 0]
            self.check_scene(img, visible)
            seen['checked'] = seen.get('checked', 0) + len(visible)
            seen['full' if full else 'mosaic'] += len(kps)
        self.assertGreater(seen['full'], 5)
        self.assertGreater(seen['mosaic'], 5)
        self.assertGreater(seen['checked'], 10)

    def test_mirrored_scene_swaps_left_and_right_labels(self):
        from edgeface_train import photo_scenes as ps
        lin, t = ps.PhotoSceneMaker._transform(1.0, 0.0, (200.0, 150.0), (160.0, 120.0), True)
        maker = ps.PhotoSceneMaker([self.photo()], None, np.random.RandomState(0))
        boxes, kps = maker._faces_in(self.photo(), lin, t, True, (0, 0, 320, 240))
        self.assertTrue(len(kps) >= 1)
        for kp in kps:
            # after a mirror the label called "left eye" is still the one on the image's left
            self.assertLess(kp[0, 0], kp[1, 0])
            self.assertLess(kp[3, 0], kp[4, 0])


class InstallTest(unittest.TestCase):
    def test_install_copies_the_model_manifest_metrics_and_run_config_under_the_model_name(self):
        from edgeface_train import manifest
        with tempfile.TemporaryDirectory() as tmp:
            run_dir, models = os.path.join(tmp, 'run'), os.path.join(tmp, 'models')
            os.makedirs(run_dir)
            onnx_path = os.path.join(run_dir, 'model.onnx')
            with open(onnx_path, 'wb') as f:
                f.write(b'onnx bytes')
            with open(os.path.join(run_dir, 'config.json'), 'w') as f:
                f.write('{"seed": 7}')
            manifest.install('pfld68', onnx_path, {'name': 'pfld68'}, {'nme': 0.05}, run_dir, models)
            self.assertEqual(sorted(os.listdir(models)),
                             ['pfld68-int8.config.json', 'pfld68-int8.json', 'pfld68-int8.metrics.json', 'pfld68-int8.onnx'])
            with open(os.path.join(models, 'pfld68-int8.onnx'), 'rb') as f:
                self.assertEqual(f.read(), b'onnx bytes')
            with open(os.path.join(models, 'pfld68-int8.metrics.json')) as f:
                self.assertIn('"nme": 0.05', f.read())


class SceneBlocksTest(unittest.TestCase):
    """make_scenes.py makes large sets in seeded blocks on several processes: the result must not depend on the
    number of workers, the first block must be one seeded stream (so a small set is the start of a larger one),
    and what forked workers draw must reach the parent's array."""

    def make(self, n, workers, block):
        import make_scenes
        rng = np.random.RandomState(5)
        faces = []
        for _ in range(6):
            img = rng.randint(60, 200, (64, 64, 3)).astype(np.uint8)
            kp = np.array([[22.0, 26], [42, 26], [32, 36], [24, 46], [40, 46]])
            faces.append((img, kp, np.array([32.0, 36, 40, 44])))
        return make_scenes.make_split('train', n, 99, faces, [], [], 0.0, workers=workers, block=block)

    def test_workers_do_not_change_the_scenes_and_the_first_block_is_one_stream(self):
        one, labels_one = self.make(7, workers=1, block=3)
        two, labels_two = self.make(7, workers=2, block=3)
        self.assertGreater(int(two[6].max()), 0, 'scenes made by a forked worker did not reach the shared array')
        np.testing.assert_array_equal(one, two)
        self.assertEqual(len(labels_two), 7)
        for a, b in zip(labels_one, labels_two):
            np.testing.assert_array_equal(a, b)
        stream, _ = self.make(3, workers=2, block=100)
        np.testing.assert_array_equal(stream, two[:3])
        # later blocks have seeds of their own: block 1 is not a copy of block 0
        self.assertFalse(np.array_equal(two[0], two[3]))


class InitRecordTest(unittest.TestCase):
    """--init keeps the chain of earlier releases (time, epochs, scene-set size) that the model card reports."""

    def test_chain_time_and_scenes_come_from_the_files_beside_the_model(self):
        import json
        import train_kpnet
        with tempfile.TemporaryDirectory() as tmp:
            model = os.path.join(tmp, 'kpnet-int8.onnx')
            with open(os.path.join(tmp, 'kpnet-int8.metrics.json'), 'w') as f:
                json.dump({'checkpoint_metrics': {'epoch': 4, 'elapsed_min': 22.84}}, f)
            with open(os.path.join(tmp, 'kpnet-int8.config.json'), 'w') as f:
                json.dump({'training_scenes': 24000,
                           'init_from': {'file': 'kpnet-int8.onnx', 'epochs': 8, 'minutes': 82.4, 'scenes': 6000}}, f)
            rec = train_kpnet.init_record(model)
        self.assertEqual(rec['epochs'], 4)
        self.assertEqual(rec['minutes'], 22.8)
        self.assertEqual(rec['scenes'], 24000)
        self.assertEqual(rec['earlier']['scenes'], 6000)
        self.assertAlmostEqual(rec['total_minutes'], 105.2)

    def test_the_config_names_a_model_inside_the_repository_relative_to_it(self):
        import train_kpnet
        from edgeface_train.paths import REPO
        self.assertEqual(train_kpnet.repo_relative(os.path.join(REPO, 'models-int8', 'kpnet-int8.onnx')),
                         os.path.join('models-int8', 'kpnet-int8.onnx'))
        self.assertEqual(train_kpnet.repo_relative('/elsewhere/kpnet.onnx'), '/elsewhere/kpnet.onnx')
        self.assertIsNone(train_kpnet.repo_relative(None))


if __name__ == '__main__':
    unittest.main()


class OrtNodeOptionsTest(unittest.TestCase):
    """training/ort/run.js gives every x86-64 session the exact int8 kernels the daemon uses."""

    RUN_JS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'training', 'ort', 'run.js')

    def _options(self, job, arch):
        import json
        import shutil
        import subprocess
        if shutil.which('node') is None:
            self.skipTest('node is not installed (training uses onnxruntime-node)')
        script = ('const {sessionOptions} = require(process.argv[1]);'
                  'console.log(JSON.stringify(sessionOptions(JSON.parse(process.argv[2]), process.argv[3])));')
        out = subprocess.run(['node', '-e', script, self.RUN_JS, json.dumps(job), arch],
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out)

    def test_x64_sessions_set_x64quantprecision_unless_turned_off(self):
        self.assertEqual(self._options({}, 'x64').get('extra'), {'session': {'x64quantprecision': '1'}})
        self.assertNotIn('extra', self._options({'x64_quant_precision': False}, 'x64'))
        self.assertNotIn('extra', self._options({}, 'arm64'))

    def test_reference_jobs_can_turn_graph_optimisation_off(self):
        self.assertEqual(self._options({'graph_optimization': 'disabled'}, 'x64')['graphOptimizationLevel'], 'disabled')
        self.assertEqual(self._options({}, 'x64')['graphOptimizationLevel'], 'all')
