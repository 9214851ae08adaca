"""fp32 ONNX export (opset 13, batch 1, BatchNorm folded by the exporter in eval mode)."""
import hashlib

import onnx
import torch


def export(module, shape, path, input_name, output_names):
    module.eval()
    torch.onnx.export(module, torch.zeros(*shape), path, opset_version=13, input_names=[input_name],
                      output_names=output_names, do_constant_folding=True)
    m = onnx.load(path)
    onnx.checker.check_model(m)
    bn = [n for n in m.graph.node if n.op_type == 'BatchNormalization']
    if bn:
        raise RuntimeError(f'{path}: {len(bn)} BatchNormalization nodes were not folded')
    return m


def sha256(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest()


def count_macs(model_path):
    """Multiply-accumulates of Conv and Gemm nodes (shape inference on the fp32 graph)."""
    import numpy as np
    from onnx import shape_inference, numpy_helper
    m = shape_inference.infer_shapes(onnx.load(model_path))
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(m.graph.value_info) + list(m.graph.output) + list(m.graph.input)}
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    macs = 0
    for n in m.graph.node:
        if n.op_type == 'Conv':
            w = inits.get(n.input[1])
            out = shapes.get(n.output[0])
            if w is not None and out:
                macs += int(np.prod(out[1:])) * int(np.prod(w.shape[1:]))
        elif n.op_type == 'Gemm':
            w = inits.get(n.input[1])
            if w is not None:
                macs += int(np.prod(w.shape))
    return macs
