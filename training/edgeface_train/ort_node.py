"""Python side of training/ort/run.js: run ONNX models through the real ONNX Runtime 1.30 (Node binding).

On x86-64 every session sets session.x64quantprecision=1, as the daemon does: ORT's default U8S8 int8 kernels overflow
on CPUs without VNNI, so figures taken without it describe a model nobody runs. Pass x64_quant_precision=False only to
reproduce the overflow."""
import json
import os
import subprocess
import tempfile

import numpy as np

from .paths import TRAINING

RUN_JS = os.path.join(TRAINING, 'ort', 'run.js')


def _job(job, inputs):
    with tempfile.TemporaryDirectory(prefix='edgeface-ort-') as tmp:
        x = np.ascontiguousarray(inputs, np.float32)
        xf = os.path.join(tmp, 'input.bin')
        x.tofile(xf)
        job = dict(job, input={'file': xf, 'shape': list(x.shape)}, out=os.path.join(tmp, 'out.json'))
        jf = os.path.join(tmp, 'job.json')
        with open(jf, 'w') as f:
            json.dump(job, f)
        subprocess.run(['node', RUN_JS, jf], check=True)
        with open(job['out']) as f:
            meta = json.load(f)
        if job['mode'] != 'run':
            return meta
        return {k: np.fromfile(v['file'], np.float32).reshape(v['shape']) for k, v in meta.items()}


def run(model, inputs, outputs=None, threads=1, x64_quant_precision=True, graph_optimization='all'):
    """inputs: N x C x H x W float32 (the model's batch is 1; samples run one by one)."""
    return _job({'model': model, 'mode': 'run', 'outputs': outputs, 'threads': threads,
                 'x64_quant_precision': x64_quant_precision, 'graph_optimization': graph_optimization}, inputs)


def ranges(model, inputs, outputs, threads=2, x64_quant_precision=True):
    return _job({'model': model, 'mode': 'ranges', 'outputs': outputs, 'threads': threads,
                 'x64_quant_precision': x64_quant_precision}, inputs)


def bench(model, sample, threads=1, iterations=300, optimized=None, x64_quant_precision=True):
    return _job({'model': model, 'mode': 'bench', 'threads': threads, 'iterations': iterations,
                 'optimized': optimized, 'x64_quant_precision': x64_quant_precision},
                sample[None] if sample.ndim == 3 else sample)


def available():
    from .paths import ORT_NODE
    return os.path.isdir(os.path.join(ORT_NODE, 'node_modules', 'onnxruntime-node'))
