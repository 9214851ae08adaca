#!/bin/busybox sh
# /init of the throw-away VM: load drivers, mount the host's root (read-only, 9p) and a writable results share,
# then run tests/vm/lib/guest-run.sh inside a chroot, and power off. The x86-64 VM chroots into the host root itself;
# the arm64 VM (edgeface.userland=DIR) into an arm64 userland folder of the host (tests/vm/lib/prepare.sh), with the
# host folder that holds the checkout bound into it at the same path.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "vm: guest up after $(cut -d' ' -f1 /proc/uptime) s"
while read -r mod params; do
  [ -n "$mod" ] || continue
  insmod "/modules/$mod" $params || echo "vm: insmod $mod failed"
done < /modules/load.list

arg() { for w in $(cat /proc/cmdline); do case $w in "$1"=*) echo "${w#*=}";; esac; done; }
ROOT=$(arg edgeface.root)
USERLAND=$(arg edgeface.userland)
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose host /host || { echo "vm: cannot mount host root"; poweroff -f; }
R=/host$USERLAND
TOP=$(echo "$ROOT" | cut -d/ -f2)
if [ -n "$USERLAND" ]; then
  # The userland's root a mount point of its own, as the host root is: `unshare -m` makes / private and fails on a
  # chroot whose / is a plain folder.
  mount --bind "$R" "$R" || echo "vm: cannot bind the userland onto itself"
  [ "$TOP" = tmp ] || mount --bind "/host/$TOP" "$R/$TOP" || echo "vm: cannot bind /$TOP into the userland"
fi
mount -t proc proc $R/proc
mount -t sysfs sys $R/sys
mount -t devtmpfs dev $R/dev
mount -t tmpfs -o size=1500m tmp $R/tmp
mkdir -p $R/tmp/vm-out
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 out $R/tmp/vm-out || echo "vm: no results share"
# A checkout under /tmp is hidden by the tmpfs above: mount it again from its own share.
case "$ROOT" in /tmp/*) mkdir -p "$R$ROOT" && mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose repo "$R$ROOT" \
  || echo "vm: cannot mount the checkout at $ROOT";; esac
if [ -d /sys/kernel/config ]; then mount -t configfs none /sys/kernel/config 2>/dev/null; fi

# gpio-sim: one chip with 8 lines -> /dev/gpiochip0 (the GPIO cases use it). The arm64 `virt` board brings a GPIO
# controller of its own (a PL061, which would be gpiochip0): board chips are unbound first, so that gpio-sim gets
# gpiochip0 on either architecture.
if [ -d /sys/kernel/config/gpio-sim ]; then
  for chip in /sys/bus/gpio/devices/gpiochip*; do
    [ -e "$chip" ] || continue
    dev=$(readlink -f "$chip/..")
    [ -e "$dev/driver/unbind" ] && echo "${dev##*/}" > "$dev/driver/unbind" && echo "vm: unbound the board's GPIO controller ${dev##*/}"
  done
  mkdir -p /sys/kernel/config/gpio-sim/chip0/bank0
  echo 8 > /sys/kernel/config/gpio-sim/chip0/bank0/num_lines
  echo 1 > /sys/kernel/config/gpio-sim/chip0/live
fi

echo "vm: drivers loaded after $(cut -d' ' -f1 /proc/uptime) s"
# VM_PROGRAMS (arm64): where the self-contained linux-arm64 programs are (tests/vm/lib/case-lib.sh). The arm64
# userland carries no ICU, hence invariant globalisation there.
chroot $R /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp \
  EDGEFACE_ROOT="$ROOT" VM_OUT=/tmp/vm-out VM_CASES="$(arg edgeface.cases)" VM_SKIP="$(arg edgeface.skip)" \
  VM_CACHE="$(arg edgeface.cache)" VM_PROGRAMS="$(arg edgeface.programs)" ${USERLAND:+DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1} \
  /bin/bash "$ROOT/tests/vm/lib/guest-run.sh"
echo "vm: done after $(cut -d' ' -f1 /proc/uptime) s"
sync
poweroff -f
