#!/usr/bin/env python3
"""Multiply-accumulates per inference of an ONNX model, counted from its graph (Debian's python3-onnx):
Conv / QLinearConv / ConvInteger / ConvTranspose, MatMul / Gemm (and their quantised forms). QDQ models are handled:
a weight that reaches the Conv through a DequantizeLinear is looked up behind it. Output shapes come from ONNX shape
inference at the model's own input size. Prints one line per model, or JSON with --json.
    scripts/model-macs.py models-int8/kpnet-int8.onnx models-int8/pfld68-int8.onnx [--json] [--by-op]
"""
import json
import sys
from collections import defaultdict

import onnx
from onnx import numpy_helper, shape_inference


def shapes_of(model):
    inferred = shape_inference.infer_shapes(model)
    g = inferred.graph
    shapes = {}
    for vi in list(g.value_info) + list(g.input) + list(g.output):
        dims = [d.dim_value if d.HasField("dim_value") else 1 for d in vi.type.tensor_type.shape.dim]
        shapes[vi.name] = dims
    for init in g.initializer:
        shapes[init.name] = list(init.dims)
    return shapes


def weight_shape(name, producers, shapes):
    # follow DequantizeLinear / Identity / Cast back to the initializer
    seen = 0
    while name not in shapes or (name in producers and producers[name].op_type in ("DequantizeLinear", "Identity", "Cast")):
        node = producers.get(name)
        if node is None or seen > 4:
            break
        name = node.input[0]
        seen += 1
    return shapes.get(name)


def count(path):
    model = onnx.load(path)
    shapes = shapes_of(model)
    producers = {o: n for n in model.graph.node for o in n.output}
    by_op = defaultdict(int)
    params = sum(numpy_helper.to_array(i).size for i in model.graph.initializer if len(i.dims) >= 2)
    for n in model.graph.node:
        op = n.op_type
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
        if op in ("Conv", "ConvInteger", "QLinearConv"):
            w = weight_shape(n.input[3] if op == "QLinearConv" else n.input[1], producers, shapes)
            out = shapes.get(n.output[0])
            if not w or not out:
                raise SystemExit(f"{path}: no shape for {op} {n.name}")
            # MACs = output elements x (input channels per group x kernel area); w = [Cout, Cin/group, kH, kW]
            per_output = 1
            for d in w[1:]:
                per_output *= d
            elements = 1
            for d in out:
                elements *= d
            by_op["conv"] += elements * per_output
        elif op in ("MatMul", "MatMulInteger", "QLinearMatMul", "Gemm"):
            a = shapes.get(n.input[0])
            out = shapes.get(n.output[0])
            if a and out:
                k = a[-1] if not (op == "Gemm" and attrs.get("transA", 0)) else a[-2]
                elements = 1
                for d in out:
                    elements *= d
                by_op["matmul"] += elements * k
    inp = model.graph.input[0]
    dims = [d.dim_value for d in inp.type.tensor_type.shape.dim]
    return {"model": path.rsplit("/", 1)[-1], "input": dims, "macs": sum(by_op.values()), "by_op": dict(by_op), "weights": int(params)}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = [count(p) for p in args]
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=2))
        return
    for r in rows:
        extra = f"  ({', '.join(f'{k} {v / 1e6:.2f} M' for k, v in r['by_op'].items())})" if "--by-op" in sys.argv else ""
        print(f"{r['model']}: input {'x'.join(map(str, r['input']))}, {r['macs'] / 1e6:.2f} M MACs, {r['weights'] / 1e3:.1f} k weights{extra}")


if __name__ == "__main__":
    main()
