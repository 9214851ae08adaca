#!/usr/bin/env bash
# Prepares everything the VM boots from, cached in $EDGEFACE_ROOT/.cache/vm (git-ignored):
#   debs/      linux-image (+ linux-source for gpio-sim) fetched with apt-get download
#   kernel/    the image package unpacked (vmlinuz + modules)
#   gpio-sim/  gpio-sim.ko built out of tree against the matching linux-headers
#   initramfs.cpio.gz  busybox + the modules the guest loads + lib/guest-init.sh as /init
# Idempotent: each step is skipped when its output exists. Prints "prepare: skip: REASON" and exits 2 when the
# machine cannot do this at all (no qemu, no kernel package reachable).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${EDGEFACE_ROOT:-$(cd "$here/../../.." && pwd)}
cache=$root/.cache/vm
mkdir -p "$cache/debs"
skip() { echo "prepare: skip: $*"; exit 2; }
log() { echo "prepare: $*"; }

command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)"
[ -x /bin/busybox ] || skip "busybox-static is not installed"
command -v cpio >/dev/null || skip "cpio is not installed"
command -v depmod >/dev/null || skip "kmod is not installed"

# The kernel ABI name (e.g. 6.1.0-56-amd64) that Debian's linux-image-amd64 currently points at; pinned once cached.
if [ -f "$cache/kernel.version" ]; then
  kver=$(cat "$cache/kernel.version")
else
  kver=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: linux-image-\(6\.1\.[0-9-]*-amd64\)$/\1/p' | head -1)
  [ -n "$kver" ] || skip "cannot find a linux-image-6.1 package (apt-get update? Debian 12 repositories reachable?)"
  echo "$kver" > "$cache/kernel.version"
fi
log "kernel $kver"

fetch() { # package name → .deb in debs/
  ls "$cache/debs/$1"_*.deb >/dev/null 2>&1 && return 0
  (cd "$cache/debs" && apt-get download "$1" >/dev/null 2>&1) || skip "apt-get download $1 failed"
}

# 1. kernel + modules
if [ ! -f "$cache/kernel/boot/vmlinuz-$kver" ]; then
  fetch "linux-image-$kver"
  rm -rf "$cache/kernel"; mkdir -p "$cache/kernel"
  dpkg -x "$cache/debs/linux-image-${kver}"_*.deb "$cache/kernel"
fi
[ -f "$cache/kernel/lib/modules/$kver/modules.dep" ] || depmod -b "$cache/kernel" "$kver"

# 2. gpio-sim, built out of tree (Debian does not build it): three files from linux-source, irq_sim patched to use
#    the exported generic_handle_irq instead of irq_to_desc.
gpiosim=$cache/gpio-sim
if [ ! -f "$gpiosim/gpio-sim-mod.ko" ]; then
  headers=/usr/src/linux-headers-$kver
  if [ ! -d "$headers" ]; then
    apt-get install -y --no-install-recommends "linux-headers-$kver" >/dev/null 2>&1 || log "cannot install linux-headers-$kver: gpio-sim will be missing"
  fi
  if [ -d "$headers" ] && command -v make >/dev/null && command -v gcc >/dev/null; then
    srcpkg=linux-source-$(echo "$kver" | cut -d. -f1,2)
    fetch "$srcpkg"
    rm -rf "$gpiosim"; mkdir -p "$gpiosim/x"
    dpkg-deb --fsys-tarfile "$cache/debs/${srcpkg}"_*.deb | tar -x -C "$gpiosim/x" --wildcards '*/linux-source-*.tar.xz'
    tarball=$(find "$gpiosim/x" -name 'linux-source-*.tar.xz' | head -1)
    top=$(basename "$tarball" .tar.xz)
    tar -xJf "$tarball" -C "$gpiosim/x" "$top/drivers/gpio/gpio-sim.c" "$top/drivers/gpio/gpiolib.h" "$top/kernel/irq/irq_sim.c"
    cp "$gpiosim/x/$top/drivers/gpio/gpio-sim.c" "$gpiosim/x/$top/drivers/gpio/gpiolib.h" "$gpiosim/x/$top/kernel/irq/irq_sim.c" "$gpiosim/"
    rm -rf "$gpiosim/x"
    sed -i 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/' "$gpiosim/irq_sim.c"
    printf 'obj-m := gpio-sim-mod.o\ngpio-sim-mod-y := gpio-sim.o irq_sim.o\n' > "$gpiosim/Kbuild"
    make -s -C "$headers" M="$gpiosim" modules >"$gpiosim/build.log" 2>&1 || { log "gpio-sim build failed (see $gpiosim/build.log)"; }
  else
    log "linux-headers-$kver or gcc/make missing: gpio-sim will be missing"
  fi
fi

# 3. initramfs: busybox, modules in load order, /init
initrd=$cache/initramfs.cpio.gz
stamp=$(cat "$here/guest-init.sh" "$here/prepare.sh" | md5sum | cut -c1-12)
if [ ! -f "$initrd" ] || [ "$(cat "$cache/initramfs.stamp" 2>/dev/null)" != "$stamp" ] || [ "$gpiosim/gpio-sim-mod.ko" -nt "$initrd" ]; then
  work=$(mktemp -d)
  mkdir -p "$work"/{bin,proc,sys,dev,host,modules,tmp}
  cp /bin/busybox "$work/bin/busybox"
  : > "$work/modules/load.list"
  add_module() { # module name [params]: appends it and its dependencies, in load order, once each
    local name=$1; shift
    local deps
    deps=$(modprobe -d "$cache/kernel" -S "$kver" --show-depends "$name") || { echo "prepare: module $name not found"; exit 1; }
    echo "$deps" | while read -r kind path _; do
      [ "$kind" = insmod ] || continue
      local base; base=$(basename "$path")
      grep -q "^$base" "$work/modules/load.list" && continue
      cp "$path" "$work/modules/$base"
      if [ "$base" = "$name.ko" ] || [ "$base" = "${name//_/-}.ko" ]; then echo "$base $*" >> "$work/modules/load.list"
      else echo "$base" >> "$work/modules/load.list"; fi
    done
  }
  for m in virtio_pci 9pnet_virtio 9p configfs; do add_module "$m"; done
  # vivid: one instance with a capture node (/dev/video0) and a video-output node (/dev/video1) for loopback feeding.
  add_module vivid n_devs=1 node_types=0x101
  if [ -f "$gpiosim/gpio-sim-mod.ko" ]; then cp "$gpiosim/gpio-sim-mod.ko" "$work/modules/"; echo "gpio-sim-mod.ko" >> "$work/modules/load.list"; fi
  cp "$here/guest-init.sh" "$work/init"; chmod +x "$work/init"
  (cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) > "$initrd.tmp"
  mv "$initrd.tmp" "$initrd"; echo "$stamp" > "$cache/initramfs.stamp"
  log "initramfs: $(wc -l < "$work/modules/load.list") modules ($(du -h "$initrd" | cut -f1))"
  rm -rf "$work"
fi
echo "$cache/kernel/boot/vmlinuz-$kver" > "$cache/kernel.path"
log "ready"
