#!/usr/bin/env python3
"""Compares a frame EdgeFace captured with the frame v4l2-ctl captured from the same vivid pattern.

usage: compare_frames.py FOURCC WIDTH HEIGHT REF_RAW OURS_RAW OURS_RGB REF_RGB
  REF_RAW   one frame as v4l2-ctl --stream-mmap wrote it
  OURS_RAW  the bytes EdgeFace's V4L2 source lent (must equal REF_RAW: the pattern is static with the OSD off)
  OURS_RGB  EdgeFace's conversion of its frame (Imaging TensorWriter, planar R,G,B bytes)
  REF_RGB   ffmpeg's conversion of REF_RAW to rgb24 (an independent converter)
Prints one line of figures; exit 0 when raw bytes match and the conversions agree within rounding.
"""
import sys
import numpy as np

fourcc, w, h, ref_raw, ours_raw, ours_rgb, ref_rgb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:8]
ref = np.fromfile(ref_raw, dtype=np.uint8)
ours = np.fromfile(ours_raw, dtype=np.uint8)
problems = []
if ref.size != ours.size:
    problems.append(f"raw sizes differ: v4l2-ctl {ref.size} B, EdgeFace {ours.size} B")
    raw_equal = 0.0
else:
    raw_equal = float(np.mean(ref == ours))
    if raw_equal < 0.999:
        problems.append(f"only {raw_equal:.2%} of raw bytes equal")

a = np.fromfile(ours_rgb, dtype=np.uint8).reshape(3, h, w).transpose(1, 2, 0).astype(np.int16)
b = np.fromfile(ref_rgb, dtype=np.uint8).reshape(h, w, 3).astype(np.int16)
diff = np.abs(a - b)
within = float(np.mean(diff <= 3))
mean = float(diff.mean())
# Chroma-subsampled formats differ at colour edges by how each converter upsamples chroma; away from edges they
# must agree within rounding. Require almost all values within 3 levels and a small mean.
if within < 0.97 or mean > 2.0:
    problems.append(f"conversion disagrees with ffmpeg: {within:.2%} within 3 levels, mean |diff| {mean:.2f}")
print(f"{fourcc} {w}x{h}: raw bytes equal {raw_equal:.2%}; RGB vs ffmpeg: {within:.2%} within 3 levels, "
      f"mean |diff| {mean:.2f}, max {int(diff.max())}" + ("; " + "; ".join(problems) if problems else ""))
sys.exit(1 if problems else 0)
