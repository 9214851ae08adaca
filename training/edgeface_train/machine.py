"""What the machine that measured a figure was: the CPU features that choose ONNX Runtime's x86-64 int8 kernels
(U8S8 with VNNI is exact; without VNNI it can overflow unless session.x64quantprecision is set)."""
import datetime
import os


def cpu_description(cpuinfo='/proc/cpuinfo'):
    model, flags = None, set()
    if os.path.exists(cpuinfo):
        with open(cpuinfo) as f:
            for line in f:
                k, _, v = line.partition(':')
                if k.strip() == 'model name' and model is None:
                    model = v.strip()
                elif k.strip() == 'flags' and not flags:
                    flags = set(v.split())
    return {'model': model, **{f: f in flags for f in ('avx2', 'avx512f', 'avx512_vnni', 'avx_vnni')}}


def today():
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d')
