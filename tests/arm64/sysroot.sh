#!/usr/bin/env bash
# Prepares what arm64 programs need under qemu-user on this x86-64 machine (idempotent; prints the sysroot folder):
#   - the arm64 shared libraries EdgeFace loads that are not in Debian's cross libc packages: libturbojpeg0 (the OS
#     package on Raspberry Pi OS too) and libssl3 (the .NET runtime's crypto shim probes for it at start-up);
#     they are fetched with `apt-get download` through a private apt state in the cache, so the host's dpkg
#     architecture list is left alone, and unpacked with `dpkg -x`;
# Exit 3 with a reason when something cannot be had (no qemu, no cross libc, no network).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache=${EDGEFACE_CACHE:-$root/.cache}/arm64
sysroot=$cache/sysroot
packages=(libturbojpeg0 libssl3)
need() { echo "arm64 sysroot: $*" >&2; exit 3; }

command -v qemu-aarch64-static >/dev/null || need "qemu-aarch64-static not found (Debian package qemu-user-static)"
[ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ] || need "/usr/aarch64-linux-gnu has no arm64 libc (Debian package libc6-arm64-cross)"
[ -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ] || need "no arm64 libstdc++ (Debian package libstdc++6-arm64-cross)"
if [ -f "$sysroot/.complete" ] && [ "$(cat "$sysroot/.complete")" = "${packages[*]}" ]; then echo "$sysroot"; exit 0; fi

apt=$cache/apt
mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$cache/debs"
touch "$apt/status"
opts=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o "Dir::State::Lists=$apt/lists"
      -o "Dir::Cache=$apt" -o "Dir::State::Status=$apt/status" -o Debug::NoLocking=1)
apt-get "${opts[@]}" -qq update >&2 || need "apt-get update of the arm64 package lists failed (no network?)"
(cd "$cache/debs" && apt-get "${opts[@]}" -qq download "${packages[@]}" 2>&1 | grep -v 'unsandboxed' >&2) || true
rm -rf "$sysroot.new" && mkdir -p "$sysroot.new"
for p in "${packages[@]}"; do
  deb=$(ls -t "$cache/debs/${p}"_*_arm64.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || need "could not download $p:arm64"
  dpkg -x "$deb" "$sysroot.new"
done
[ -e "$sysroot.new/usr/lib/aarch64-linux-gnu/libturbojpeg.so.0" ] || need "libturbojpeg0:arm64 holds no libturbojpeg.so.0"
echo "${packages[*]}" > "$sysroot.new/.complete"
rm -rf "$sysroot" && mv "$sysroot.new" "$sysroot"
echo "$sysroot"
