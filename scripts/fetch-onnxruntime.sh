#!/usr/bin/env bash
# Fetches the ONNX Runtime native library for this machine's architecture from the npm tarball
# onnxruntime-node@1.30.0 (npm pack: downloads the tarball only and runs no install scripts), checks the pinned
# SHA-256 sums and places libonnxruntime.so.1 under $EDGEFACE_CACHE/onnxruntime/<version>/<rid>/.
# Idempotent: does nothing when the checked library is already there.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${EDGEFACE_CACHE:-$here/.cache}
version=1.30.0
tarball_sha=6e3390d6b783e7be946fad629292799da28d0b42f84856e50d2c1b0383291e75
case "${1:-$(uname -m)}" in
  x86_64|amd64|linux-x64) rid=linux-x64; dir=x64; lib_sha=ffb75a925ba05e47b235bb66e3e3911714a80b328a9c9425539feb204aa32a23 ;;
  aarch64|arm64|linux-arm64) rid=linux-arm64; dir=arm64; lib_sha=1f549d46250b005580b597f4164984aaf75b3bcb9f3aeb07c7f8a8fe60b23c76 ;;
  armv7l|armv6l|armhf)
    echo "error: 32-bit ARM is not supported by EdgeFace (ONNX Runtime ships linux-arm64 only). Install a 64-bit OS (Raspberry Pi OS 64-bit)." >&2; exit 2 ;;
  *) echo "error: unsupported architecture '${1:-$(uname -m)}': EdgeFace runs on linux-x64 and linux-arm64." >&2; exit 2 ;;
esac
dest=$cache/onnxruntime/$version/$rid
lib=$dest/libonnxruntime.so.1
# Verified once: a stamp newer than the library saves hashing 20+ MB on every `./edgeface` start.
stamp=$lib.verified
if [ -f "$lib" ] && [ -f "$stamp" ] && [ ! "$lib" -nt "$stamp" ] && [ "$(cat "$stamp")" = "$lib_sha" ]; then exit 0; fi
if [ -f "$lib" ] && echo "$lib_sha  $lib" | sha256sum -c --status; then echo "$lib_sha" > "$stamp"; exit 0; fi
command -v npm >/dev/null || { echo "error: npm is needed to fetch ONNX Runtime: run 'sudo apt-get install -y npm'" >&2; exit 3; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
echo "fetching onnxruntime-node@$version (npm pack) for $rid ..." >&2
if ! (cd "$work" && npm pack --silent "onnxruntime-node@$version" >/dev/null 2>"$work/npm.err"); then
  echo "error: 'npm pack onnxruntime-node@$version' failed (no network or no npm registry?):" >&2; cat "$work/npm.err" >&2; exit 3
fi
tgz=$work/onnxruntime-node-$version.tgz
echo "$tarball_sha  $tgz" | sha256sum -c --status || { echo "error: checksum mismatch for $(basename "$tgz"): refusing to use it" >&2; exit 4; }
tar -xzf "$tgz" -C "$work" "package/bin/napi-v6/linux/$dir/libonnxruntime.so.1"
echo "$lib_sha  $work/package/bin/napi-v6/linux/$dir/libonnxruntime.so.1" | sha256sum -c --status \
  || { echo "error: checksum mismatch for libonnxruntime.so.1 ($rid)" >&2; exit 4; }
mkdir -p "$dest"
install -m 0644 "$work/package/bin/napi-v6/linux/$dir/libonnxruntime.so.1" "$lib.tmp" && mv "$lib.tmp" "$lib" && echo "$lib_sha" > "$stamp"
echo "ONNX Runtime $version ($rid) installed at $lib" >&2
