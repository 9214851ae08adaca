"""Python side of training/ort/run.js: run ONNX models through the real ONNX Runtime 1.30 (Node binding).

On x86-64 every session sets session.x64quantprecision=1, as the daemon does: ORT's default U8S8 int8 kernels overflow
on CPUs without VNNI, so figures taken without it describe a model nobody runs. Pass x64_quant_precision=False only to
reproduce the overflow. emulate_cpu runs node under qemu-x86_64-static with that CPU model (e.g. EPYC-Rome: AVX2
without VNNI), to see on any x86-64 machine what the int8 kernels do on such a CPU."""
import json
import os
import shutil
import subprocess
import tempfile

import numpy as np

from .paths import ORT_NODE, TRAINING

RUN_JS = os.path.join(TRAINING, 'ort', 'run.js')


def _job(job, inputs, emulate_cpu=None):
    with tempfile.TemporaryDirectory(prefix='edgeface-ort-') as tmp:
        x = np.ascontiguousarray(inputs, np.float32)
        xf = os.path.join(tmp, 'input.bin')
        x.tofile(xf)
        job = dict(job, input={'file': xf, 'shape': list(x.shape)}, out=os.path.join(tmp, 'out.json'))
        jf = os.path.join(tmp, 'job.json')
        with open(jf, 'w') as f:
            json.dump(job, f)
        if emulate_cpu:
            # qemu warns once per thread about every CPUID feature TCG lacks: keep only node's own messages
            cmd = ['qemu-x86_64-static', '-cpu', emulate_cpu, shutil.which('node') or 'node', RUN_JS, jf]
            p = subprocess.run(cmd, stderr=subprocess.PIPE, text=True)
            err = '\n'.join(l for l in p.stderr.splitlines() if not l.startswith('qemu-x86_64-static: warning'))
            if p.returncode != 0:
                raise subprocess.CalledProcessError(p.returncode, cmd, stderr=err)
        else:
            subprocess.run(['node', RUN_JS, jf], check=True)
        with open(job['out']) as f:
            meta = json.load(f)
        if job['mode'] != 'run':
            return meta
        return {k: np.fromfile(v['file'], np.float32).reshape(v['shape']) for k, v in meta.items()}


def run(model, inputs, outputs=None, threads=1, x64_quant_precision=True, graph_optimization='all', emulate_cpu=None):
    """inputs: N x C x H x W float32 (the model's batch is 1; samples run one by one)."""
    return _job({'model': model, 'mode': 'run', 'outputs': outputs, 'threads': threads,
                 'x64_quant_precision': x64_quant_precision, 'graph_optimization': graph_optimization}, inputs,
                emulate_cpu)


def ranges(model, inputs, outputs, threads=2, x64_quant_precision=True):
    return _job({'model': model, 'mode': 'ranges', 'outputs': outputs, 'threads': threads,
                 'x64_quant_precision': x64_quant_precision}, inputs)


def bench(model, sample, threads=1, iterations=300, optimized=None, x64_quant_precision=True):
    return _job({'model': model, 'mode': 'bench', 'threads': threads, 'iterations': iterations,
                 'optimized': optimized, 'x64_quant_precision': x64_quant_precision},
                sample[None] if sample.ndim == 3 else sample)


def _package_dir():
    # run.js's own rule: EDGEFACE_ORT_NODE names a node_modules folder, else the training cache's
    return os.path.join(os.environ.get('EDGEFACE_ORT_NODE') or os.path.join(ORT_NODE, 'node_modules'), 'onnxruntime-node')


def available():
    return os.path.isdir(_package_dir())


def version():
    """The onnxruntime-node package version that run.js loads (what figures taken through it were measured with)."""
    with open(os.path.join(_package_dir(), 'package.json')) as f:
        return json.load(f)['version']
