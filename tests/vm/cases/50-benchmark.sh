# Capture overhead per 640x480 YUYV frame from vivid (dequeue -> handed over -> re-queued), direct and through the
# supervisor's queue, next to v4l2-ctl doing the same dequeue/requeue loop in C under the same emulation (TCG
# inflates CPU figures many times over real hardware: compare the rows with each other, not with a device).
# Figures go to the result line and $VM_OUT/bench.txt.
. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
need_video
out=$(probe bench "v4l2:/dev/video0?width=640&height=480&format=yuyv" 300) || { echo "$out"; exit 1; }
v4l2-ctl -d /dev/video0 --set-fmt-video=width=640,height=480,pixelformat=YUYV
TIMEFORMAT='%U %S'
cpu=$( { time v4l2-ctl -d /dev/video0 --stream-mmap=4 --stream-count=300 --stream-to=/dev/null >/dev/null 2>&1; } 2>&1 )
ref=$(echo "$cpu" | awk '{printf "v4l2-ctl reference: 300 frames, %.1f us CPU/frame (process total incl. start-up)", ($1 + $2) * 1e6 / 300}')
printf '%s\n%s\n' "$out" "$ref" | tee "$VM_OUT/bench.txt"
result bench-yuyv-640x480 PASS "$(printf '%s\n%s\n' "$out" "$ref" | sed 's/ \[.*\]//' | tr '\n' ';')"
