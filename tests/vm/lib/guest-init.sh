#!/bin/busybox sh
# /init of the throw-away VM: load drivers, mount the host's root (read-only, 9p) and a writable results share,
# then run tests/vm/lib/guest-run.sh inside a chroot of the host root, and power off.
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
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose host /host || { echo "vm: cannot mount host root"; poweroff -f; }
mount -t proc proc /host/proc
mount -t sysfs sys /host/sys
mount -t devtmpfs dev /host/dev
mount -t tmpfs -o size=1500m tmp /host/tmp
mkdir -p /host/tmp/vm-out
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 out /host/tmp/vm-out || echo "vm: no results share"
# A checkout under /tmp is hidden by the tmpfs above: mount it again from its own share.
case "$ROOT" in /tmp/*) mkdir -p "/host$ROOT" && mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose repo "/host$ROOT" \
  || echo "vm: cannot mount the checkout at $ROOT";; esac
if [ -d /sys/kernel/config ]; then mount -t configfs none /sys/kernel/config 2>/dev/null; fi

# gpio-sim: one chip with 8 lines -> /dev/gpiochip0 (the GPIO cases use it).
if [ -d /sys/kernel/config/gpio-sim ]; then
  mkdir -p /sys/kernel/config/gpio-sim/chip0/bank0
  echo 8 > /sys/kernel/config/gpio-sim/chip0/bank0/num_lines
  echo 1 > /sys/kernel/config/gpio-sim/chip0/live
fi

echo "vm: drivers loaded after $(cut -d' ' -f1 /proc/uptime) s"
chroot /host /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp \
  EDGEFACE_ROOT="$ROOT" VM_OUT=/tmp/vm-out VM_CASES="$(arg edgeface.cases)" VM_SKIP="$(arg edgeface.skip)" \
  /bin/bash "$ROOT/tests/vm/lib/guest-run.sh"
echo "vm: done after $(cut -d' ' -f1 /proc/uptime) s"
sync
poweroff -f
