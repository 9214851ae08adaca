#!/usr/bin/env bash
# Train, quantize and ship one of EdgeFace's models.
#   training/train.sh pfld|kpnet [--quick] [--minutes N] [--from MODEL.onnx] [--scenes N]
# --from (kpnet) continues from a shipped int8 model's weights instead of random ones (see edgeface_train/warm_start.py).
# --scenes (kpnet) is the number of pre-generated training scenes (default 6000; each set has its own cache folder;
# sets above 24000 are made by one process per core, see make_scenes.py).
# Full runs install models-int8/<model>-int8.{onnx,json,metrics.json,config.json}; --quick is a seconds-long smoke
# run that writes only under training/runs/ (git-ignored). Needs ../shared (data sets, teachers) for training.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
model="${1:-}"; shift || true
quick=0; minutes=""; from=""; scenes=6000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --minutes) minutes="$2"; shift ;;
    --from) from="$(realpath "$2")"; shift ;;
    --scenes) scenes="$2"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
[[ "$model" == pfld || "$model" == kpnet ]] || { echo "usage: $0 pfld|kpnet [--quick] [--minutes N] [--from MODEL.onnx] [--scenes N]" >&2; exit 2; }

PY=/usr/bin/python3   # Debian's python: torch 1.13, onnx 1.12, cv2 4.6 come from apt
# One intra-op thread by default: on a machine shared with builds, two threads stall on each other at every
# parallel region (measured 0.8 vs 5.4 img/s for PFLD here). Set EDGEFACE_THREADS=2 on an idle machine.
threads="${EDGEFACE_THREADS:-1}"
export OMP_NUM_THREADS="$threads"
shared="${EDGEFACE_SHARED:-$(cd "$here/../.." && pwd)/shared}"
cache="$here/cache"
mkdir -p "$cache/data" "$here/runs"

# 1. Python packages (apt only).
if ! "$PY" -c 'import torch, torchvision, onnx, cv2, numpy, PIL' 2>/dev/null; then
  apt-get update && apt-get install -y python3-torch python3-torchvision python3-onnx python3-opencv python3-numpy python3-pil
fi
# 2. ONNX Runtime 1.30 for Node (calibration, evaluation, latency): npm pack, never npm install.
if [[ ! -d "$cache/ort/node/node_modules/onnxruntime-node" ]]; then
  command -v node >/dev/null || apt-get install -y nodejs npm
  mkdir -p "$cache/ort/node/node_modules" && (cd "$cache/ort" && npm pack onnxruntime-node@1.30.0 onnxruntime-common@1.30.0 >/dev/null)
  for p in onnxruntime-node onnxruntime-common; do
    rm -rf "$cache/ort/x" && mkdir -p "$cache/ort/x" && tar -xzf "$cache/ort/$p-1.30.0.tgz" -C "$cache/ort/x"
    mv "$cache/ort/x/package" "$cache/ort/node/node_modules/$p"
  done
fi
# 3. Data sets from ../shared into the git-ignored cache.
[[ -d "$shared/data" ]] || { echo "training needs the shared data sets at $shared (set EDGEFACE_SHARED)" >&2; exit 1; }
for t in landmarks68 faces5 scenes unlabelled-faces; do
  [[ -d "$cache/data/$t" ]] || { mkdir -p "$cache/data/$t" && tar -xf "$shared/data/$t.tar" -C "$cache/data/$t"; }
done
# 4. Background photos for the synthetic detector scenes: scikit-image's sample images (not installed, only unpacked).
if [[ "$model" == kpnet && ! -d "$cache/skimage/x" ]]; then
  mkdir -p "$cache/skimage" && (cd "$cache/skimage" && apt-get download python3-skimage && dpkg -x python3-skimage_*.deb x)
fi

cd "$here"
if [[ "$model" == pfld ]]; then
  if (( quick )); then
    rm -rf runs/pfld-quick
    $PY train_pfld.py --run pfld-quick --limit 160 --epochs 1 --minutes 0.2 --batch 16 --threads "$threads"
    $PY ship_pfld.py --run pfld-quick --limit 160 --calib 8 --no-install
  else
    [[ -f "$cache/teacher/yunet_val_keypoints.json" ]] || $PY eval_teachers.py
    $PY train_pfld.py --run pfld --minutes "${minutes:-50}" --epochs 400 --steps-per-epoch 60 --eval-images 150 --threads "$threads"
    $PY ship_pfld.py --run pfld
    $PY make_fixtures.py pfld
  fi
else
  if (( quick )); then
    rm -rf runs/kpnet-quick
    [[ -f "$cache/teacher/photo_faces.json" ]] || $PY pseudo_label.py
    EDGEFACE_SCENES="$cache/scenes-quick" $PY make_scenes.py --train 32 --val 16 --limit 120
    EDGEFACE_SCENES="$cache/scenes-quick" $PY train_kpnet.py --run kpnet-quick --epochs 1 --minutes 0.2 --batch 8 --crop 192x160 --threads "$threads"
    EDGEFACE_SCENES="$cache/scenes-quick" $PY ship_kpnet.py --run kpnet-quick --calib 8 --val 16 --no-install
  else
    [[ -f "$cache/teacher/photo_faces.json" ]] || $PY pseudo_label.py
    # The first 6000 scenes of any larger set are the default set's (one seeded stream), and validation is the same.
    # Making them takes 230 KB of memory per scene and about 90 scenes/s per idle core (25-40 beside other work):
    # 48000 scenes, ~5 min on two cores and 11 GB.
    if [[ "$scenes" != 6000 ]]; then export EDGEFACE_SCENES="$cache/scenes-$scenes"; fi
    [[ -f "${EDGEFACE_SCENES:-$cache/scenes}/train.npz" ]] || $PY make_scenes.py --train "$scenes" --val 300
    $PY train_kpnet.py --run kpnet --minutes "${minutes:-75}" --batch 8 --crop 320x240 --threads "$threads" ${from:+--init "$from"}
    $PY ship_kpnet.py --run kpnet
    $PY make_fixtures.py kpnet
  fi
fi
