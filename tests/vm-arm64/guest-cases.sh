#!/bin/sh
# Runs inside the arm64 guest (busybox sh, the host root read-only at /host): the capture cases of the x86 VM that
# need no host tool in the guest, against the real vivid driver, with the linux-arm64 build. One line per case:
#   vm-arm64-case|NAME|PASS or FAIL|detail
out=/tmp/case.out; err=/tmp/case.err
report() { echo "vm-arm64-case|$1|$2|$3"; }
if edgeface cameras --json > $out 2> $err && grep -q '"path":"/dev/video0","driver":"vivid"' $out \
   && grep -q '"fourcc":"yuyv","description":"YUYV 4:2:2","compressed":false,"usable":true' $out \
   && grep -q '"fourcc":"nv12","description":"Y/UV 4:2:0","compressed":false,"usable":true' $out; then
  report cameras PASS "vivid listed with YUYV and NV12 usable (QUERYCAP/ENUM_FMT/ENUM_FRAMESIZES/ENUM_FRAMEINTERVALS)"
else report cameras FAIL "$(tail -c 300 $err)"; fi
for fmt in yuyv nv12; do
  if edgeface run --source "v4l2:/dev/video0?width=640&height=480&fps=25&format=$fmt" --max-frames 15 > $out 2> $err \
     && grep -q 'stopped after 15 frames' $err; then
    report "stream-$fmt" PASS "15 frames of 640x480 $fmt through mmap streaming, detector and landmarks: $(grep -o 'first frame processed [0-9]* ms after start' $err)"
  else report "stream-$fmt" FAIL "$(tail -c 400 $err | tr '\n' ' ')"; fi
done
# Unplug and return: vivid's platform device is unbound while the daemon streams (as a USB camera pulled out), then
# bound again; the daemon must report the outage, reconnect on its own and go on to its frame count.
drv=/sys/bus/platform/drivers/vivid
edgeface run --source "v4l2:/dev/video0?width=640&height=480&fps=25&format=yuyv" --max-frames 60 > $out 2> $err &
pid=$!
n=0; while [ $n -lt 600 ] && ! grep -q 'camera Streaming' $err; do sleep 0.1; n=$((n + 1)); done
sleep 2; echo vivid.0 > $drv/unbind
n=0; while [ $n -lt 300 ] && ! grep -q 'camera Reconnecting' $err; do sleep 0.1; n=$((n + 1)); done
sleep 2; echo vivid.0 > $drv/bind
n=0; while [ $n -lt 1200 ] && kill -0 $pid 2>/dev/null; do sleep 0.1; n=$((n + 1)); done
kill $pid 2>/dev/null; wait $pid; rc=$?
streams=$(grep -c 'camera Streaming' $err)
if [ "$rc" = 0 ] && grep -q 'camera Reconnecting' $err && [ "$streams" -ge 2 ] && grep -q 'stopped after 60 frames' $err; then
  report hotplug PASS "unbound while streaming: reconnecting, streaming again ($streams times in all), 60 frames reached"
else report hotplug FAIL "exit $rc, streaming $streams times: $(grep -E 'camera|stopped|rror' $err | tail -6 | tr '\n' ' ')"; fi
