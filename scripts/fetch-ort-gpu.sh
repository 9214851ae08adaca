#!/usr/bin/env bash
# Fetches ONNX Runtime's CUDA build for x86-64 Linux (the NuGet package Microsoft.ML.OnnxRuntime.Gpu.Linux, the same
# version EdgeFace's CPU package is pinned to) and prints the path of its libonnxruntime.so, for EDGEFACE_ORT_LIB:
#   EDGEFACE_ORT_LIB=$(scripts/fetch-ort-gpu.sh) ./edgeface providers
# The package holds libonnxruntime.so with the CUDA and TensorRT providers next to it; they start only where the
# NVIDIA libraries they link against (CUDA 13, cuDNN, TensorRT) are installed; elsewhere EdgeFace falls back to CPU.
# Idempotent: the unpacked library is kept under .cache/ort-gpu/<version>/. Jetson boards need NVIDIA's own arm64
# build instead (see docs/gpu.md); this package is x86-64 only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's:.*Include="Microsoft.ML.OnnxRuntime" Version="\([^"]*\)".*:\1:p' "$root/src/EdgeFace.Onnx/EdgeFace.Onnx.csproj")
[ -n "$version" ] || { echo "fetch-ort-gpu: cannot read the pinned Microsoft.ML.OnnxRuntime version" >&2; exit 1; }
dir=${EDGEFACE_CACHE:-$root/.cache}/ort-gpu/$version
lib=$dir/runtimes/linux-x64/native/libonnxruntime.so
if [ ! -f "$lib" ]; then
  command -v curl >/dev/null && command -v unzip >/dev/null || { echo "fetch-ort-gpu: needs curl and unzip" >&2; exit 1; }
  mkdir -p "$dir"
  url=https://api.nuget.org/v3-flatcontainer/microsoft.ml.onnxruntime.gpu.linux/$version/microsoft.ml.onnxruntime.gpu.linux.$version.nupkg
  echo "fetch-ort-gpu: downloading Microsoft.ML.OnnxRuntime.Gpu.Linux $version (about 250 MB) ..." >&2
  curl -fsSL --retry 2 -o "$dir/package.nupkg.part" "$url"
  unzip -q -o "$dir/package.nupkg.part" 'runtimes/linux-x64/native/*' -d "$dir"
  rm -f "$dir/package.nupkg.part"
fi
echo "$lib"
