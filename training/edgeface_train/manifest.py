"""Manifest writer (docs/model-format.md) and installation of a shipped model."""
import os
import shutil

from .export import sha256
from .runloop import write_json

LICENSE_PFLD = (
    "Weights: trained by the EdgeFace project; released under the project's licence, but see provenance: the training "
    "images (landmarks68: YouTube Faces frames with udacity/P1_Facial_Keypoints labels) are for research use only, "
    "so treat these weights as research-only until retrained on data you may use commercially.")
LICENSE_KPNET = (
    "Weights: trained by the EdgeFace project; released under the project's licence, but see provenance: the face "
    "crops pasted into the synthetic training scenes (MTFL faces5 and YouTube Faces landmarks68) are for research use "
    "only, so treat these weights as research-only until retrained on data you may use commercially. Backgrounds: "
    "scikit-image sample images (BSD-3-Clause / public domain) and procedural textures.")


def quant_block(calibration):
    return {"kind": "qdq-int8", "weights": "per-channel-symmetric", "activations": "per-tensor-asymmetric",
            "calibration": calibration}


def pfld_manifest(onnx_path, crop, calibration, provenance):
    return {
        "format": 1, "name": "pfld68", "version": "1.0.0", "task": "landmarks", "decoder": "pfld",
        "file": "pfld68-int8.onnx", "sha256": sha256(onnx_path),
        "input": {"name": "input", "width": 112, "height": 112, "layout": "nchw", "element_type": "float32",
                  "color": "rgb", "mean": [0, 0, 0], "scale": [0.00392157, 0.00392157, 0.00392157],
                  "resize": "stretch"},
        "outputs": {"landmarks": "landmarks"},
        "landmarks": {"points": 68, "scheme": "ibug68", "crop": crop},
        "quantization": quant_block(calibration),
        "license": LICENSE_PFLD,
        "provenance": provenance,
    }


def kpnet_manifest(onnx_path, params, width, height, calibration, provenance):
    return {
        "format": 1, "name": "kpnet", "version": "1.0.0", "task": "detector", "decoder": "kpnet",
        "file": "kpnet-int8.onnx", "sha256": sha256(onnx_path),
        "input": {"name": "input", "width": width, "height": height, "layout": "nchw", "element_type": "float32",
                  "color": "rgb", "mean": [0, 0, 0], "scale": [0.00392157, 0.00392157, 0.00392157],
                  "resize": "letterbox"},
        "outputs": {"scale": "scale", "keypoints": "kpt"},
        "kpnet": params,
        "quantization": quant_block(calibration),
        "license": LICENSE_KPNET,
        "provenance": provenance,
    }


def install(name, int8_path, man, metrics, run_dir, models_dir):
    """Copies a shipped model into models_dir as <name>-int8.{onnx,json,metrics.json,config.json}."""
    os.makedirs(models_dir, exist_ok=True)
    shutil.copyfile(int8_path, os.path.join(models_dir, f'{name}-int8.onnx'))
    write_json(os.path.join(models_dir, f'{name}-int8.json'), man)
    write_json(os.path.join(models_dir, f'{name}-int8.metrics.json'), metrics)
    cfg = os.path.join(run_dir, 'config.json')
    if os.path.exists(cfg):
        shutil.copyfile(cfg, os.path.join(models_dir, f'{name}-int8.config.json'))
    print('installed into', models_dir)
