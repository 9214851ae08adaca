// Runs an ONNX model through the real ONNX Runtime (onnxruntime-node 1.30, unpacked with `npm pack` into
// training/cache/ort/node) for calibration, evaluation and latency figures. Python talks to it through files.
//
//   node run.js <job.json>
// job: { model, input: {file, shape:[N,C,H,W]}, outputs:[names] | null, mode: "run"|"ranges"|"bench",
//        threads, out, iterations, optimized, graph_optimization ("all" | "disabled" | ...; default "all"),
//        x64_quant_precision (default true) }
'use strict';
const fs = require('fs');
const path = require('path');
const ortDir = process.env.EDGEFACE_ORT_NODE || path.join(__dirname, '..', 'cache', 'ort', 'node', 'node_modules');

// Session options for a job. On x86-64, int8 models run on ORT's exact U8U8 kernels (session.x64quantprecision=1):
// the default U8S8 kernels overflow on CPUs without VNNI, and calibration, evaluation and latency figures taken on
// them would describe a model the daemon (which sets the same entry) does not run. job.x64_quant_precision=false
// turns it off. onnxruntime-node passes `extra` to AddSessionConfigEntry, nested keys joined with '.'.
function sessionOptions(job, arch = process.arch) {
  const opts = { intraOpNumThreads: job.threads || 1, interOpNumThreads: 1, graphOptimizationLevel: job.graph_optimization || 'all' };
  if (job.optimized) opts.optimizedModelFilePath = job.optimized;
  if (job.profile) { opts.enableProfiling = true; opts.profileFilePrefix = job.profile; }
  if (arch === 'x64' && job.x64_quant_precision !== false) opts.extra = { session: { x64quantprecision: '1' } };
  return opts;
}

async function main() {
  const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const ort = require(path.join(ortDir, 'onnxruntime-node'));
  const opts = sessionOptions(job);
  const session = await ort.InferenceSession.create(job.model, opts);
  const inputName = session.inputNames[0];
  const names = job.outputs || session.outputNames;
  const [n, c, h, w] = job.input.shape;
  const per = c * h * w;
  const buf = fs.readFileSync(job.input.file);
  const all = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
  if (job.mode === 'bench') {
    const t = new ort.Tensor('float32', all.slice(0, per), [1, c, h, w]);
    for (let i = 0; i < 20; i++) await session.run({ [inputName]: t });
    const times = [];
    for (let i = 0; i < (job.iterations || 200); i++) {
      const t0 = process.hrtime.bigint();
      await session.run({ [inputName]: t });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const res = { median_ms: times[Math.floor(times.length / 2)], p90_ms: times[Math.floor(times.length * 0.9)],
                  min_ms: times[0], threads: opts.intraOpNumThreads };
    if (job.profile) res.profile = session.endProfiling();
    fs.writeFileSync(job.out, JSON.stringify(res));
    return;
  }
  const ranges = {};
  const chunks = {};
  const shapes = {};
  for (let i = 0; i < n; i++) {
    const t = new ort.Tensor('float32', all.slice(i * per, (i + 1) * per), [1, c, h, w]);
    const res = await session.run({ [inputName]: t }, names);
    for (const name of names) {
      const d = res[name].data;
      if (job.mode === 'ranges') {
        let lo = Infinity, hi = -Infinity;
        for (let k = 0; k < d.length; k++) { const v = d[k]; if (v < lo) lo = v; if (v > hi) hi = v; }
        const r = ranges[name] || (ranges[name] = { min: [], max: [] });
        r.min.push(lo); r.max.push(hi);
      } else {
        (chunks[name] || (chunks[name] = [])).push(Buffer.from(new Float32Array(d).buffer));
        shapes[name] = res[name].dims;
      }
    }
  }
  if (job.mode === 'ranges') {
    fs.writeFileSync(job.out, JSON.stringify(ranges));
  } else {
    const meta = {};
    for (const name of names) {
      const file = job.out + '.' + name.replace(/[^A-Za-z0-9_.-]/g, '_') + '.bin';
      fs.writeFileSync(file, Buffer.concat(chunks[name]));
      meta[name] = { file, shape: [n].concat(shapes[name].slice(1)) };
    }
    fs.writeFileSync(job.out, JSON.stringify(meta));
  }
}
module.exports = { sessionOptions };
if (require.main === module) main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
