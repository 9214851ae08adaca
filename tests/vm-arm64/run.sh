#!/usr/bin/env bash
# The arm64 flavour of the VM harness, run only when asked (EDGEFACE_VM_ARM64=1): qemu-system-aarch64 `virt` (TCG,
# Cortex-A72) boots Debian's arm64 kernel with the real vivid driver, and the linux-arm64 self-contained bundle runs in
# an arm64 userland (the host's arm64 cross libc and tests/arm64's sysroot over 9p) through tests/vm-arm64/guest-cases.sh:
# list cameras, stream YUYV and NV12 through mmap, unplug and return. Proves the V4L2 ioctl struct layouts and mmap
# streaming of the arm64 build on an arm64 kernel. Not yet here: GPIO (gpio-sim must be cross-built for the arm64
# kernel) and the daemon from fed vivid frames to face events (needs an arm64 v4l2-ctl in the guest).
# Last line: "vm-arm64: N passed, N failed[, N skipped]".
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$root/.cache/vm-arm64
start=$(date +%s)
skip() { echo "  skip vm-arm64: $1"; echo "vm-arm64: 0 passed, 0 failed, 1 skipped"; exit 0; }
[ "${EDGEFACE_VM_ARM64:-0}" = 1 ] || skip "runs only when asked (EDGEFACE_VM_ARM64=1)"
command -v qemu-system-aarch64 >/dev/null || skip "qemu-system-aarch64 not found (Debian package qemu-system-arm)"
for t in depmod modprobe cpio gzip; do command -v $t >/dev/null || skip "$t not found (kmod, cpio)"; done
echo "== vm-arm64 suite"
sysroot=$("$root/tests/arm64/sysroot.sh") || skip "no arm64 sysroot (tests/arm64/sysroot.sh)"
bundle=$("$root/scripts/publish.sh" --rid linux-arm64 --form self-contained --out "$root/.cache/arm64/artifacts" 2>"$work.publish.log") \
  || { echo "  FAIL arm64 bundle build"; tail -5 "$work.publish.log"; echo "vm-arm64: 0 passed, 1 failed"; exit 1; }

# Debian's arm64 kernel (the version linux-image-arm64 names) and busybox-static, from the private arm64 apt state.
apt=$root/.cache/arm64/apt
opts=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt"
      -o "Dir::State::Status=$apt/status" -o Debug::NoLocking=1)
if [ ! -f "$work/.complete" ]; then
  image=$(apt-cache "${opts[@]}" depends linux-image-arm64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  [ -n "$image" ] || skip "cannot resolve linux-image-arm64 in the arm64 package lists"
  rm -rf "$work" && mkdir -p "$work/debs"
  (cd "$work/debs" && apt-get "${opts[@]}" -qq download "$image" busybox-static 2>&1 | grep -v unsandboxed) || true
  ls "$work"/debs/linux-image-*.deb "$work"/debs/busybox-static_*.deb >/dev/null 2>&1 || skip "could not download $image / busybox-static:arm64"
  dpkg -x "$work"/debs/linux-image-*.deb "$work/k" && dpkg -x "$work"/debs/busybox-static_*.deb "$work/x" && touch "$work/.complete"
fi

log=$work/console.log
"$here/boot.sh" "$bundle/bin" "$sysroot" "sh /host$here/guest-cases.sh" > "$log" 2>&1
pass=$(grep -c '^vm-arm64-case|[^|]*|PASS|' "$log"); fail=$(grep -c '^vm-arm64-case|[^|]*|FAIL|' "$log")
grep '^vm-arm64-case|' "$log" | awk -F'|' '{printf "  %-4s %s: %s\n", ($3=="PASS"?"ok":"FAIL"), $2, $4}'
expected=4
if [ $((pass + fail)) -lt $expected ]; then
  echo "  FAIL only $((pass + fail)) of $expected cases reported (console: $log)"; tail -15 "$log"; fail=$((fail + expected - pass - fail))
fi
echo "== vm-arm64 suite took $(( $(date +%s) - start )) s"
echo "vm-arm64: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
