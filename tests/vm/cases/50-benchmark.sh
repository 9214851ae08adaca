# Capture overhead per 640x480 YUYV frame from vivid (dequeue -> handed over -> re-queued), direct and through the
# supervisor's queue. Figures go to the result line and $VM_OUT/bench.txt. TCG emulation inflates CPU figures
# several-fold compared with real hardware; compare runs with each other, not with a device.
. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
need_video
out=$(probe bench "v4l2:/dev/video0?width=640&height=480&format=yuyv" 300) || { echo "$out"; exit 1; }
echo "$out" | tee "$VM_OUT/bench.txt"
result bench-yuyv-640x480 PASS "$(echo "$out" | sed 's/ \[.*\]//' | tr '\n' ';')"
