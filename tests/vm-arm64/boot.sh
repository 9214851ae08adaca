#!/usr/bin/env bash
# Spike of the arm64 VM flavour: boots Debian's arm64 kernel on qemu-system-aarch64 (`virt`, TCG, cortex-a72) with a
# busybox initramfs, loads vivid, mounts the host root over 9p and runs the linux-arm64 self-contained bundle against
# the real kernel driver, with an arm64 userland taken from the host's cross libc and the arm64 sysroot.
#   EDGEFACE_VM_ARM64=1 tests/vm-arm64/boot.sh BUNDLE_BIN SYSROOT [GUEST_COMMAND]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$root/.cache/vm-arm64
bin=$1 sysroot=$2 cmd=${3:-"edgeface cameras --json"}
ver=$(ls "$work/k/lib/modules" | head -1)
mods=$work/k/lib/modules/$ver
[ -f "$mods/modules.dep" ] || depmod -b "$work/k" "$ver"
order() { for m in "$@"; do modprobe -d "$work/k" -S "$ver" --show-depends "$m" | awk '$1=="insmod"{print $2}'; done | awk '!seen[$0]++'; }
list=$(order virtio_pci 9pnet_virtio 9p vivid)
ir=$work/initramfs
rm -rf "$ir"; mkdir -p "$ir"/{bin,dev,proc,sys,host,tmp,lib,mods}
cp "$work/x/bin/busybox" "$ir/bin/busybox"
for m in $list; do cp "$m" "$ir/mods/"; echo "${m##*/}" >> "$ir/mods/order"; done
ln -s /host/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 "$ir/lib/ld-linux-aarch64.so.1"
cat > "$ir/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev; mount -t tmpfs tmp /tmp
for m in \$(cat /mods/order); do case \$m in vivid.ko) insmod /mods/\$m n_devs=1 node_types=0x101 ;; *) insmod /mods/\$m ;; esac; done
mount -t 9p -o trans=virtio,version=9p2000.L,ro host /host
echo "edgeface-vm: kernel \$(uname -r) \$(uname -m); video nodes: \$(ls /dev/video* | tr '\n' ' ')"
export PATH=/host$bin:/bin HOME=/tmp DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 EDGEFACE_ROOT=/host$bin/..
export LD_LIBRARY_PATH=/host/usr/aarch64-linux-gnu/lib:/host$sysroot/usr/lib/aarch64-linux-gnu
start=\$(cut -d' ' -f1 /proc/uptime)
$cmd; echo "edgeface-vm: exit \$? after \$(cut -d' ' -f1 /proc/uptime) s uptime (command started at \$start s)"
poweroff -f
INIT
chmod +x "$ir/init"
(cd "$ir" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$work/initramfs.cpio.gz"
timeout "${VM_TIMEOUT:-600}" qemu-system-aarch64 -machine virt -accel tcg -cpu cortex-a72 -smp 2 -m 2048 -nographic -no-reboot -net none \
  -kernel "$work/k/boot/vmlinuz-$ver" -initrd "$work/initramfs.cpio.gz" -append "console=ttyAMA0 quiet panic=-1" \
  -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap
