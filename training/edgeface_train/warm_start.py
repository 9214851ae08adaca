"""Continue training from a shipped int8 model: recover its weights from the QDQ ONNX file.

The shipped file is all that survives of an earlier run (checkpoints live in the git-ignored runs/ folder), so a
longer run can start where the release stopped instead of from random weights. Export folded each BatchNorm into
its convolution; the weights come back dequantized (per-channel int8, so within half a quantization step), and each
BatchNorm is re-parameterised so that, with the statistics the network actually produces on training images, it
passes its input through unchanged plus the folded bias. Train-mode batch statistics then start close to those.
"""
import numpy as np
import onnx
import torch
from onnx import numpy_helper


def _module_path(conv_output):
    """'/net/down4/down4.0/dw/dw.0/Conv_output_0' -> ['down4', '0', 'dw', '0'] (attribute names under the model)."""
    comps = conv_output.strip('/').split('/')[1:-1]   # drop 'net' and the output name
    parts, prev = [], None
    for c in comps:
        if prev is not None and c.startswith(prev + '.'):
            parts += c[len(prev) + 1:].split('.')
        else:
            parts.append(c)
        prev = c
    return parts


def _resolve(model, parts):
    m = model
    for p in parts:
        m = m[int(p)] if p.isdigit() else getattr(m, p)
    return m


def _parent_and_index(model, parts):
    return _resolve(model, parts[:-1]), int(parts[-1])


def dequantized_convs(onnx_path):
    """{conv output name: (weight, bias)} from a QDQ graph."""
    g = onnx.load(onnx_path).graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    dq = {n.output[0]: n for n in g.node if n.op_type == 'DequantizeLinear'}

    def value(name):
        if name in inits:
            return inits[name].astype(np.float32)
        n = dq[name]
        q, s = inits[n.input[0]].astype(np.float32), inits[n.input[1]].astype(np.float32)
        zp = inits[n.input[2]].astype(np.float32) if len(n.input) > 2 else np.zeros_like(s)
        axis = next((a.i for a in n.attribute if a.name == 'axis'), 1)
        if s.ndim == 1 and s.size > 1:
            shape = [1] * q.ndim
            shape[axis] = -1
            s, zp = s.reshape(shape), zp.reshape(shape)
        return (q - zp) * s

    return {n.output[0]: (value(n.input[1]), value(n.input[2]) if len(n.input) > 2 else None)
            for n in g.node if n.op_type == 'Conv'}


def load_qdq(model, onnx_path, images, outputs=None, batch=8):
    """Load `onnx_path`'s weights into `model` (same architecture) and re-parameterise its BatchNorms on `images`
    (N x H x W x 3 uint8). `outputs` names the module of a convolution whose output is a graph output (export
    renames those, e.g. {'kpt': 'kpt_head.2'}). Returns the number of convolutions loaded; raises if any is left out."""
    outputs = outputs or {}
    convs = dequantized_convs(onnx_path)
    loaded, bns = set(), []
    with torch.no_grad():
        for out, (w, b) in convs.items():
            parts = outputs[out].split('.') if out in outputs else _module_path(out)
            conv = _resolve(model, parts)
            if tuple(conv.weight.shape) != w.shape:
                raise ValueError(f'{out}: weight {w.shape} does not fit {tuple(conv.weight.shape)}')
            conv.weight.copy_(torch.from_numpy(w))
            parent, i = _parent_and_index(model, parts)
            bn = parent[i + 1] if i + 1 < len(parent) and isinstance(parent[i + 1], torch.nn.BatchNorm2d) else None
            if bn is None:
                conv.bias.copy_(torch.from_numpy(b))
            else:
                bn.running_mean.zero_()
                bn.running_var.fill_(1.0)
                bn.weight.fill_(float(np.sqrt(1.0 + bn.eps)))
                bn.bias.copy_(torch.from_numpy(b))
                bns.append(bn)
            loaded.add(id(conv))
    missing = [n for n, m in model.named_modules() if isinstance(m, torch.nn.Conv2d) and id(m) not in loaded]
    if missing:
        raise ValueError(f'{onnx_path} has no weights for {missing}')
    _reparameterise(model, bns, images, batch)
    return len(loaded)


def _reparameterise(model, bns, images, batch):
    """BN(x) = x + b with the data's own mean/variance as running statistics (exact in eval mode)."""
    sums = {id(bn): [0.0, 0.0, 0] for bn in bns}

    def hook(bn):
        def f(_, inp, __):
            x = inp[0].detach().double()
            s = sums[id(bn)]
            s[0] = s[0] + x.sum((0, 2, 3))
            s[1] = s[1] + (x * x).sum((0, 2, 3))
            s[2] += x.numel() // x.shape[1]
        return f

    handles = [bn.register_forward_hook(hook(bn)) for bn in bns]
    was_training = model.training
    model.eval()
    with torch.no_grad():
        for i in range(0, len(images), batch):
            x = torch.from_numpy(np.ascontiguousarray(images[i:i + batch])).permute(0, 3, 1, 2).float().div_(255.0)
            model(x)
    for h in handles:
        h.remove()
    with torch.no_grad():
        for bn in bns:
            s0, s1, n = sums[id(bn)]
            # Inputs are conv outputs without bias (the hook sees x; the folded bias sits in bn.bias).
            mean = (s0 / n).float()
            var = (s1 / n).float() - mean * mean
            var = var.clamp_min(1e-6)
            bias = bn.bias.clone()
            bn.running_mean.copy_(mean)
            bn.running_var.copy_(var)
            bn.weight.copy_((var + bn.eps).sqrt())
            bn.bias.copy_(bias + mean)
    model.train(was_training)
