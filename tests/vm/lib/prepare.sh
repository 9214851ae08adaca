#!/usr/bin/env bash
# Prepares everything the VM boots from, for the x86-64 VM (default) or the arm64 VM (VM_ARCH=arm64, tests/vm-arm64),
# cached in $EDGEFACE_ROOT/.cache/vm or .cache/vm-arm64 (git-ignored):
#   kernel/    Debian's linux-image package unpacked (vmlinuz + modules)
#   gpio-sim/  gpio-sim.ko built out of tree against the matching linux-headers (cross-compiled for arm64)
#   userland/  arm64 only: an arm64 Debian userland (dpkg -x of the packages below) the guest chroots into, since the
#              host root it shares holds x86-64 programs
#   initramfs.cpio.gz  busybox + the modules the guest loads + lib/guest-init.sh as /init
# Packages come from apt-get download; arm64 ones through the private arm64 apt state of tests/arm64/sysroot.sh, so
# the host's dpkg architecture list is left alone. .debs are kept in .cache/vm/debs (names carry the architecture).
# Idempotent: each step is skipped when its output exists. Prints "prepare: skip: REASON" and exits 2 when the
# machine cannot do this at all (no qemu, no kernel package reachable).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${EDGEFACE_ROOT:-$(cd "$here/../../.." && pwd)}
arch=${VM_ARCH:-x86_64}
debs=$root/.cache/vm/debs
mkdir -p "$debs"
skip() { echo "prepare: skip: $*"; exit 2; }
log() { echo "prepare: $*"; }

case $arch in
  x86_64)
    cache=$root/.cache/vm; flavour=amd64; qemu=qemu-system-x86_64; qemu_pkg=qemu-system-x86
    apt_opts=(); make_opts=() ;;
  arm64)
    cache=$root/.cache/vm-arm64; flavour=arm64; qemu=qemu-system-aarch64; qemu_pkg=qemu-system-arm
    # The arm64 package lists (and the libraries tests/arm64 already needs: libturbojpeg0, libssl3).
    sysroot=$("$root/tests/arm64/sysroot.sh" 2>&1) || skip "no arm64 package lists: $(echo "$sysroot" | tail -1)"
    apt=$root/.cache/arm64/apt
    apt_opts=(-o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt"
              -o "Dir::State::Status=$apt/status" -o Debug::NoLocking=1)
    make_opts=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) ;;
  *) skip "unknown VM_ARCH '$arch' (x86_64 or arm64)" ;;
esac
mkdir -p "$cache"
command -v $qemu >/dev/null || skip "$qemu is not installed (apt-get install $qemu_pkg)"
command -v cpio >/dev/null || skip "cpio is not installed"
command -v depmod >/dev/null || skip "kmod is not installed"
[ "$arch" = arm64 ] || [ -x /bin/busybox ] || skip "busybox-static is not installed"

# The kernel ABI name (e.g. 6.1.0-56-amd64) that Debian's linux-image-<flavour> currently points at; pinned once cached.
if [ -f "$cache/kernel.version" ]; then
  kver=$(cat "$cache/kernel.version")
else
  kver=$(apt-cache "${apt_opts[@]}" depends "linux-image-$flavour" 2>/dev/null | sed -n "s/.*Depends: linux-image-\(6\.1\.[0-9-]*-$flavour\)\$/\1/p" | head -1)
  [ -n "$kver" ] || skip "cannot find a linux-image-6.1 package for $flavour (apt-get update? Debian 12 repositories reachable?)"
  echo "$kver" > "$cache/kernel.version"
fi
log "kernel $kver"

deb_of() { ls "$debs/$1"_*_{"$flavour",all}.deb 2>/dev/null | head -1; }
fetch() { # package name [host] → .deb in debs/; "host" fetches the host architecture's package (build tools)
  local opts=("${apt_opts[@]}") pattern=$flavour
  if [ "${2:-}" = host ]; then opts=(); pattern=$(dpkg --print-architecture); fi
  ls "$debs/$1"_*_{"$pattern",all}.deb >/dev/null 2>&1 && return 0
  (cd "$debs" && apt-get "${opts[@]}" download "$1" >/dev/null 2>&1) || skip "apt-get download $1 failed"
}

# 1. kernel + modules
if [ ! -f "$cache/kernel/boot/vmlinuz-$kver" ]; then
  fetch "linux-image-$kver"
  rm -rf "$cache/kernel"; mkdir -p "$cache/kernel"
  dpkg -x "$(deb_of "linux-image-$kver")" "$cache/kernel"
fi
[ -f "$cache/kernel/lib/modules/$kver/modules.dep" ] || depmod -b "$cache/kernel" "$kver"

# 2. gpio-sim, built out of tree (Debian does not build it): three files from linux-source, irq_sim patched to use
#    the exported generic_handle_irq instead of irq_to_desc.
#    x86-64: against the host's linux-headers. arm64: cross-compiled against linux-headers-<kver> unpacked here; the
#    headers' scripts/ link to linux-kbuild-6.1, whose host tools (fixdep, modpost) are built for the build machine,
#    so the host architecture's kbuild package goes beside them.
gpiosim=$cache/gpio-sim
if [ ! -f "$gpiosim/gpio-sim-mod.ko" ]; then
  headers=
  if [ "$arch" = x86_64 ]; then
    headers=/usr/src/linux-headers-$kver
    if [ ! -d "$headers" ]; then
      apt-get install -y --no-install-recommends "linux-headers-$kver" >/dev/null 2>&1 || log "cannot install linux-headers-$kver: gpio-sim will be missing"
    fi
    [ -d "$headers" ] || headers=
  else
    command -v aarch64-linux-gnu-gcc >/dev/null || apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu >/dev/null 2>&1 \
      || log "cannot install gcc-aarch64-linux-gnu: gpio-sim will be missing"
    common=linux-headers-${kver%-arm64}-common
    kbuild=linux-kbuild-$(echo "$kver" | cut -d. -f1,2)
    if command -v aarch64-linux-gnu-gcc >/dev/null && (fetch "linux-headers-$kver" && fetch "$common" && fetch "$kbuild" host) >/dev/null; then
      rm -rf "$cache/headers"; mkdir -p "$cache/headers"
      for p in "linux-headers-$kver" "$common"; do dpkg -x "$(deb_of "$p")" "$cache/headers"; done
      dpkg -x "$(ls "$debs/$kbuild"_*_"$(dpkg --print-architecture)".deb | head -1)" "$cache/headers"
      headers=$cache/headers/usr/src/linux-headers-$kver
      sed -i "s#^include /usr/src/#include $cache/headers/usr/src/#" "$headers/Makefile"
    else
      log "linux-headers-$kver, $common, $kbuild or the cross compiler missing: gpio-sim will be missing"
    fi
  fi
  if [ -n "$headers" ] && command -v make >/dev/null && command -v gcc >/dev/null; then
    srcpkg=linux-source-$(echo "$kver" | cut -d. -f1,2)
    fetch "$srcpkg" host
    rm -rf "$gpiosim"; mkdir -p "$gpiosim/x"
    dpkg-deb --fsys-tarfile "$(ls "$debs/$srcpkg"_*_all.deb | head -1)" | tar -x -C "$gpiosim/x" --wildcards '*/linux-source-*.tar.xz'
    tarball=$(find "$gpiosim/x" -name 'linux-source-*.tar.xz' | head -1)
    top=$(basename "$tarball" .tar.xz)
    tar -xJf "$tarball" -C "$gpiosim/x" "$top/drivers/gpio/gpio-sim.c" "$top/drivers/gpio/gpiolib.h" "$top/kernel/irq/irq_sim.c"
    cp "$gpiosim/x/$top/drivers/gpio/gpio-sim.c" "$gpiosim/x/$top/drivers/gpio/gpiolib.h" "$gpiosim/x/$top/kernel/irq/irq_sim.c" "$gpiosim/"
    rm -rf "$gpiosim/x"
    sed -i 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/' "$gpiosim/irq_sim.c"
    printf 'obj-m := gpio-sim-mod.o\ngpio-sim-mod-y := gpio-sim.o irq_sim.o\n' > "$gpiosim/Kbuild"
    make -s -C "$headers" M="$gpiosim" "${make_opts[@]}" modules >"$gpiosim/build.log" 2>&1 || { log "gpio-sim build failed (see $gpiosim/build.log)"; }
  elif [ -n "$headers" ]; then
    log "gcc/make missing: gpio-sim will be missing"
  fi
fi

# 3. arm64 only: the userland the guest chroots into. bash (the cases are bash scripts), v4l2-ctl (feeding vivid and
#    the reference captures), gpioinfo, the C/C++ runtime the self-contained .NET programs need, tests/arm64's
#    libturbojpeg0 and libssl3, and busybox for everything else (coreutils, sed, grep, awk).
busybox=/bin/busybox
if [ "$arch" = arm64 ]; then
  packages=(libc6 libgcc-s1 libstdc++6 bash libtinfo6 busybox-static v4l-utils libv4l-0 libv4l2rds0 libv4lconvert0
            libjpeg62-turbo libudev1 gpiod libgpiod2)
  userland=$cache/userland
  top=$(echo "$root" | cut -d/ -f2)
  if [ "$(cat "$userland/.complete" 2>/dev/null)" != "${packages[*]}" ]; then
    for p in "${packages[@]}"; do fetch "$p"; done
    rm -rf "$userland.new"; mkdir -p "$userland.new"
    for p in "${packages[@]}"; do dpkg -x "$(deb_of "$p")" "$userland.new"; done
    cp -a "$sysroot/." "$userland.new/"; rm -f "$userland.new/.complete"
    # busybox applets where no package provides the program (the x86 busybox names the same applets: same version)
    (cd "$userland.new" && for f in $(qemu-aarch64-static bin/busybox --list-full 2>/dev/null || /bin/busybox --list-full); do
       [ -e "$f" ] || [ -L "$f" ] || { mkdir -p "$(dirname "$f")"; ln -s /bin/busybox "$f"; }; done)
    [ -e "$userland.new/usr/bin/env" ] || skip "the arm64 userland has no busybox applets"
    echo "${packages[*]}" > "$userland.new/.complete"
    rm -rf "$userland"; mv "$userland.new" "$userland"
  fi
  # Mount points of the chroot (the share is read-only in the guest): the kernel's file systems, and the top folder
  # of the checkout, which the guest binds from the host root so that the checkout (and ../shared) keep their paths.
  mkdir -p "$userland"/{proc,sys,dev,tmp} "$userland/$top"
  busybox=$userland/bin/busybox
fi

# 4. initramfs: busybox, modules in load order, /init
initrd=$cache/initramfs.cpio.gz
stamp=$(cat "$here/guest-init.sh" "$here/prepare.sh" | md5sum | cut -c1-12)
if [ ! -f "$initrd" ] || [ "$(cat "$cache/initramfs.stamp" 2>/dev/null)" != "$stamp" ] || [ "$gpiosim/gpio-sim-mod.ko" -nt "$initrd" ]; then
  work=$(mktemp -d)
  mkdir -p "$work"/{bin,proc,sys,dev,host,modules,tmp}
  cp "$busybox" "$work/bin/busybox"
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
