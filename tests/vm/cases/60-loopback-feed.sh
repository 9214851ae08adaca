# The feeding step the daemon end-to-end test uses (lib/feed-vivid.sh): a picture streamed into vivid's output
# comes back out of the capture device through EdgeFace's V4L2 source. Compared on the host (60-loopback-feed.host.sh).
. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
need_video
dir=$VM_OUT/loopback; mkdir -p $dir
bash "$EDGEFACE_ROOT/tests/vm/lib/feed-vivid.sh" "$VM_CACHE/loopback-feed.yuv" $dir/feed.pid
trap 'kill $(cat $dir/feed.pid) 2>/dev/null' EXIT
v4l2-ctl -d /dev/video0 -c osd_text_mode=2 || true
cp /tmp/feed-vivid.yuv $dir/fed.yuv
out=$(probe grab "v4l2:/dev/video0?format=yuyv" $dir/ours) || { echo "$out"; exit 1; }
echo "$out"
echo "$out" | grep -q ' Yuyv 720 576 1440 ' || { echo "expected a 720x576 YUYV frame"; exit 1; }
