# Requests vivid cannot meet fail with a message that lists what the device offers.
. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
need_video
check() {
  local name=$1 uri=$2 text=$3 out
  if out=$(probe expect-error "$uri" "$text"); then result $name PASS "$(echo "$out" | head -1 | cut -c1-160)"
  else result $name FAIL "$(echo "$out" | head -3 | tr '\n' ' ')"; fi
}
check error-size "v4l2:/dev/video0?width=641&height=480" "641x480 is not offered"
check error-format "v4l2:/dev/video0?format=mjpeg" "format mjpeg is not offered"
check error-lists-offer "v4l2:/dev/video0?width=641&height=480" "yuyv (YUYV 4:2:2): 320x180@"
check error-not-capture "v4l2:/dev/video1" "is not a single-planar video capture device"
