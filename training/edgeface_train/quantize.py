"""Static int8 QDQ quantization of an fp32 ONNX graph (opset 13), written for onnx 1.12 (which has no quantizer).

Weights: per-channel symmetric int8 (Conv axis 0, Gemm axis 0 with transB=1), biases int32 with
scale = input_scale * weight_scale. Activations: per-tensor asymmetric uint8 from calibration min/max measured by
running the fp32 graph in ONNX Runtime with every intermediate tensor exposed as an output.
Q/DQ placement follows what ONNX Runtime's CPU EP fuses into QLinearConv / QLinearAdd / QLinearConcat / QGemm:
tensors read only by a Relu are left alone (Conv->Relu->Q fuses), graph outputs stay float.

Heads: a tensor that a weightless op (e.g. KPNet's Sigmoid) turns into a graph output is a head output too. Quantised,
it would reach the caller in 256 steps over its whole calibrated range (KPNet's scale logits: steps of 0.37, five
distinct scores in a group photo). quantize(..., keep_heads_float=True) leaves those tensors float, so the head conv
runs in float on dequantised weights (ONNX Runtime keeps it a float Conv); float_heads() does the same edit on a
graph that was already quantised, which needs no checkpoint.
"""
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

from . import ort_node

ACTIVATION_PRODUCERS = {'Conv', 'Relu', 'Add', 'Concat', 'MaxPool', 'AveragePool', 'GlobalAveragePool',
                        'Resize', 'Gemm', 'Mul', 'ConvTranspose', 'Upsample'}
WEIGHT_OPS = {'Conv': 0, 'Gemm': 0, 'ConvTranspose': 1}


def activation_tensors(model):
    g = model.graph
    outputs = {o.name for o in g.output}
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    names = [g.input[0].name]
    for n in g.node:
        if n.op_type not in ACTIVATION_PRODUCERS:
            continue
        t = n.output[0]
        cons = consumers.get(t, [])
        if t in outputs or not cons or all(c.op_type == 'Relu' for c in cons):
            continue
        names.append(t)
    return names


def head_tensors(model):
    """Tensors a weightless node (one input, e.g. Sigmoid) turns into a graph output: the heads' real outputs."""
    outputs = {o.name for o in model.graph.output}
    return {n.input[0] for n in model.graph.node if n.output[0] in outputs and len(n.input) == 1}


def calibrate(fp32_path, samples):
    """Min/max of every activation tensor over the calibration samples (N x C x H x W)."""
    model = onnx.load(fp32_path)
    names = activation_tensors(model)
    existing = {o.name for o in model.graph.output}
    for t in names:
        if t not in existing:
            model.graph.output.append(helper.make_tensor_value_info(t, TensorProto.FLOAT, None))
    tmp = fp32_path + '.calib.onnx'
    onnx.save(model, tmp)
    r = ort_node.ranges(tmp, samples, names)
    import os
    os.remove(tmp)
    # Average of per-sample extremes (robust to one outlier frame), widened a little towards the global extremes.
    out = {}
    for t in names:
        lo, hi = np.array(r[t]['min']), np.array(r[t]['max'])
        a = 0.7 * lo.mean() + 0.3 * lo.min()
        b = 0.7 * hi.mean() + 0.3 * hi.max()
        out[t] = (float(min(a, 0.0)), float(max(b, 0.0)))
    return out


def _uint8_params(lo, hi):
    scale = max((hi - lo) / 255.0, 1e-8)
    zp = int(np.clip(round(-lo / scale), 0, 255))
    return np.float32(scale), np.uint8(zp)


def quantize(fp32_path, out_path, ranges, keep_heads_float=False):
    model = onnx.load(fp32_path)
    g = model.graph
    if keep_heads_float:
        heads = head_tensors(model)
        ranges = {t: r for t, r in ranges.items() if t not in heads}
    inits = {i.name: i for i in g.initializer}
    new_nodes = []
    new_inits = []
    act_params = {}

    def q_name(t):
        return t.replace('/', '_').strip('_')

    for t, (lo, hi) in ranges.items():
        s, z = _uint8_params(lo, hi)
        act_params[t] = s
        base = q_name(t)
        new_inits += [numpy_helper.from_array(np.array(s, np.float32), base + '_scale'),
                      numpy_helper.from_array(np.array(z, np.uint8), base + '_zp')]

    # Rewire every consumer of a quantized tensor to read its Q->DQ copy.
    for n in g.node:
        for k, i in enumerate(n.input):
            if i in act_params:
                n.input[k] = q_name(i) + '_dq'

    nodes_out = []
    graph_in = g.input[0].name

    def emit_qdq(t):
        b = q_name(t)
        nodes_out.append(helper.make_node('QuantizeLinear', [t, b + '_scale', b + '_zp'], [b + '_q'], name=b + '_Q'))
        nodes_out.append(helper.make_node('DequantizeLinear', [b + '_q', b + '_scale', b + '_zp'], [b + '_dq'],
                                          name=b + '_DQ'))

    if graph_in in act_params:
        emit_qdq(graph_in)
    for n in g.node:
        if n.op_type in WEIGHT_OPS and len(n.input) > 1 and n.input[1] in inits:
            _quantize_weights(n, inits, act_params, new_inits, nodes_out)
        nodes_out.append(n)
        if n.output[0] in act_params:
            emit_qdq(n.output[0])

    del g.node[:]
    g.node.extend(nodes_out)
    g.initializer.extend(new_inits)
    _save_pruned(model, out_path)
    return model


def _save_pruned(model, out_path):
    """Drops initializers no node reads any more, checks the graph and saves it (both graph rewrites end here)."""
    g = model.graph
    used = {i for n in g.node for i in n.input}
    keep = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(keep)
    onnx.checker.check_model(model)
    onnx.save(model, out_path)


def float_heads(qdq_path, out_path):
    """Drop the QuantizeLinear -> DequantizeLinear pair on every head tensor of a quantised graph (see head_tensors:
    the pair sits between the tensor and the node that reads it), so that node reads the float tensor. Returns the
    names of the tensors made float. The rest of the graph, weights included, is unchanged."""
    model = onnx.load(qdq_path)
    g = model.graph
    producer = {o: n for n in g.node for o in n.output}
    outputs = {o.name for o in g.output}
    drop, made_float = set(), []
    for n in g.node:
        if n.output[0] not in outputs or len(n.input) != 1:
            continue
        dq = producer.get(n.input[0])
        q = producer.get(dq.input[0]) if dq is not None and dq.op_type == 'DequantizeLinear' else None
        if q is None or q.op_type != 'QuantizeLinear':
            continue
        readers = [m for m in g.node if dq.output[0] in m.input or q.output[0] in m.input]
        if readers != [dq, n]:
            continue   # the quantised copy feeds something else as well: leave it
        n.input[0] = q.input[0]
        drop.update({id(q), id(dq)})
        made_float.append(q.input[0])
    keep = [n for n in g.node if id(n) not in drop]
    del g.node[:]
    g.node.extend(keep)
    _save_pruned(model, out_path)
    return made_float


def _quantize_weights(n, inits, act_params, new_inits, nodes_out):
    w = numpy_helper.to_array(inits[n.input[1]]).astype(np.float32)
    axis = WEIGHT_OPS[n.op_type]
    if n.op_type == 'Gemm':
        trans_b = next((a.i for a in n.attribute if a.name == 'transB'), 0)
        axis = 0 if trans_b else 1
    red = tuple(d for d in range(w.ndim) if d != axis)
    amax = np.maximum(np.abs(w).max(axis=red), 1e-8)
    ws = (amax / 127.0).astype(np.float32)
    shape = [1] * w.ndim
    shape[axis] = -1
    wq = np.clip(np.round(w / ws.reshape(shape)), -127, 127).astype(np.int8)
    base = n.input[1].replace('/', '_').strip('_').replace('.', '_')
    new_inits += [numpy_helper.from_array(wq, base + '_q'),
                  numpy_helper.from_array(ws, base + '_scale'),
                  numpy_helper.from_array(np.zeros(len(ws), np.int8), base + '_zp')]
    nodes_out.append(helper.make_node('DequantizeLinear', [base + '_q', base + '_scale', base + '_zp'],
                                      [base + '_dq'], name=base + '_DQ', axis=axis))
    n.input[1] = base + '_dq'
    # Bias as int32 with scale = input scale * weight scale (what QLinearConv expects).
    if len(n.input) > 2 and n.input[2] in inits:
        src = n.input[0][:-3] if n.input[0].endswith('_dq') else None
        in_scale = None
        for t, s in act_params.items():
            if t.replace('/', '_').strip('_') == src:
                in_scale = s
        if in_scale is not None:
            b = numpy_helper.to_array(inits[n.input[2]]).astype(np.float32)
            bs = (ws * in_scale).astype(np.float32)
            bq = np.clip(np.round(b / bs), -2 ** 31, 2 ** 31 - 1).astype(np.int32)
            bb = n.input[2].replace('/', '_').strip('_').replace('.', '_')
            new_inits += [numpy_helper.from_array(bq, bb + '_q'),
                          numpy_helper.from_array(bs, bb + '_scale'),
                          numpy_helper.from_array(np.zeros(len(bs), np.int32), bb + '_zp')]
            nodes_out.append(helper.make_node('DequantizeLinear', [bb + '_q', bb + '_scale', bb + '_zp'],
                                              [bb + '_dq'], name=bb + '_DQ', axis=0))
            n.input[2] = bb + '_dq'


def op_histogram(path):
    m = onnx.load(path)
    h = {}
    for n in m.graph.node:
        h[n.op_type] = h.get(n.op_type, 0) + 1
    return h
