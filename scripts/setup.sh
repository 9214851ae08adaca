#!/usr/bin/env bash
# One idempotent set-up for a fresh Debian 12 / Raspberry Pi OS (64-bit) machine, used by ./edgeface and ./test.sh.
#   scripts/setup.sh runtime   - what the daemon needs: .NET check, Debian packages, ONNX Runtime, demo frames
#   scripts/setup.sh test      - the above plus what the test suites need
# Everything it installs is either a Debian package or lands in the git-ignored .cache/ folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-runtime}
cache=${EDGEFACE_CACHE:-$root/.cache}
say() { echo "setup: $*" >&2; }
die() { echo "setup: error: $*" >&2; exit 1; }

# EDGEFACE_ARCH stands in for `uname -m` so the CLI suite can check the refusals on any machine.
arch=${EDGEFACE_ARCH:-$(uname -m)}
case "$arch" in
  x86_64|aarch64) ;;
  armv7l|armv6l|armhf) die "32-bit ARM is not supported (ONNX Runtime ships linux-x64 and linux-arm64 only). Install Raspberry Pi OS (64-bit) or another arm64 OS." ;;
  *) die "unsupported architecture '$arch': EdgeFace runs on x86_64 and aarch64 Linux." ;;
esac

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $* (re-run as root or install sudo)"; fi
}

# --- .NET SDK 10 ------------------------------------------------------------------------------------------------
# global.json names the lowest SDK and rolls forward to any later 10.0 feature band; the install command
# below brings the newest 10.0 SDK, which is at least that.
if ! command -v dotnet >/dev/null && [ -x "$HOME/.dotnet/dotnet" ]; then export PATH="$HOME/.dotnet:$PATH"; fi
sdk_min=$(sed -n 's/.*"version": *"\([0-9.]*\)".*/\1/p' "$root/global.json")
sdk_ok() { dotnet --list-sdks 2>/dev/null | awk '{print $1}' | grep '^10\.0\.' | sort -V | tail -1 \
  | { read -r v && [ "$(printf '%s\n%s\n' "$sdk_min" "$v" | sort -V | head -1)" = "$sdk_min" ]; }; }
if ! command -v dotnet >/dev/null || ! sdk_ok; then
  cat >&2 <<MSG
setup: error: the .NET 10 SDK $sdk_min or later is not installed (global.json). Install it the official way
(Microsoft's install script), then re-run:

    curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0
    echo 'export DOTNET_ROOT=\$HOME/.dotnet PATH=\$HOME/.dotnet:\$PATH' >> ~/.bashrc && . ~/.bashrc

MSG
  exit 1
fi

# --- Debian packages ------------------------------------------------------------------------------------------------
lists=("$root/scripts/deps/apt-runtime.txt")
[ "$mode" = test ] && lists+=("$root/scripts/deps/apt-test.txt")
wanted=$(cat "${lists[@]}" | sed 's/#.*//' | awk 'NF{print $1}' | sort -u)
command -v npm >/dev/null || wanted="$wanted npm"
missing=()
for p in $wanted; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  command -v apt-get >/dev/null || die "apt-get not found; install these packages by hand: ${missing[*]}"
  as_root apt-get update -qq || die "apt-get update failed (no network?). Needed packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install failed for: ${missing[*]}"
fi

# --- ONNX Runtime: nothing to fetch here. The Microsoft.ML.OnnxRuntime NuGet package (restored by dotnet build)
# carries libonnxruntime for linux-x64 and linux-arm64; EDGEFACE_ORT_LIB points at another build (docs/dependencies.md).

# --- Built-in demo frames: public-domain sample photos shipped in Debian's python3-skimage ------------------------------
demo=$cache/demo
if [ ! -f "$demo/.complete" ]; then
  say "fetching demo frames from Debian's python3-skimage package ..."
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download python3-skimage >/dev/null 2>&1) || die "could not download python3-skimage (apt-get update first?)"
  dpkg -x "$work"/python3-skimage_*.deb "$work/x"
  src=$(find "$work/x" -type d -path '*skimage/data' | head -1)
  mkdir -p "$demo"
  # astronaut (NASA, public domain) and camera (cameraman) show faces; coffee and rocket show none.
  for f in astronaut.png camera.png coffee.png rocket.jpg; do cp "$src/$f" "$demo/$f"; done
  cp "$work/x/usr/share/doc/python3-skimage/copyright" "$demo/COPYRIGHT" || die "python3-skimage has no copyright file where expected"
  touch "$demo/.complete"
fi
