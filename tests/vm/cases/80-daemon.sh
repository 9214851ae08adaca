# The daemon end to end on a real V4L2 device: a face picture streamed into vivid's output comes back out of the
# capture device, `edgeface run` captures it through its own V4L2 source, and face events come out. With ../shared
# present the YuNet teacher is used as a user-supplied detector (the shipped KPNet is still weak); without it the
# shipped models run and the case checks that frames were processed and events are well formed.
. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
need_video
need_program edgeface
dir=$VM_OUT/daemon; mkdir -p $dir
bash "$EDGEFACE_ROOT/tests/vm/lib/feed-vivid.sh" "$VM_CACHE/daemon-feed.yuv" $dir/feed.pid
trap 'kill $(cat $dir/feed.pid) 2>/dev/null' EXIT
teacher=$EDGEFACE_ROOT/../shared/teachers/yunet_n_320_320.onnx
cfg=$dir/config.json
if [ -f "$teacher" ]; then
  mkdir -p $dir/models
  cat > $dir/models/yunet.json <<JSON
{"format":1,"name":"yunet-n","version":"teacher","task":"detector","decoder":"yunet","file":"$teacher",
 "input":{"name":"input","width":320,"height":320,"layout":"nchw","element_type":"float32","color":"bgr","mean":[0,0,0],"scale":[1,1,1],"resize":"letterbox"},
 "outputs":{},"yunet":{"strides":[8,16,32],"score_threshold":0.6,"nms_iou":0.3,"max_faces":50},"license":"Apache-2.0","provenance":"teacher"}
JSON
  cp "$EDGEFACE_ROOT/models-int8/pfld68-int8."* $dir/models/
  echo "{\"profile\":\"none\",\"thermal\":{\"cpu_limit_percent\":100},\"models\":{\"directory\":\"$dir/models\",\"detector\":\"yunet.json\"}}" > $cfg
  expect_face=1
else
  echo '{"profile":"none"}' > $cfg; expect_face=0
fi
EDGEFACE_CACHE=$EDGEFACE_ROOT/.cache timeout 240 "${EDGEFACE_CMD[@]}" run --config $cfg \
  --source 'v4l2:/dev/video0?width=720&height=576&format=yuyv' --max-frames 12 > $dir/events.jsonl 2> $dir/daemon.log
rc=$?
cat $dir/daemon.log | tail -5
[ $rc -eq 0 ] || { result daemon-v4l2-run FAIL "edgeface run exited $rc"; exit 0; }
grep -q "camera streaming: .*video0" $dir/daemon.log && result daemon-v4l2-streams PASS "captured from /dev/video0" || result daemon-v4l2-streams FAIL "no streaming line"
if [ $expect_face = 1 ]; then
  if grep -q '"type":"new"' $dir/events.jsonl && grep -q '"landmarks"' $dir/events.jsonl; then
    result daemon-v4l2-face-events PASS "$(grep -c . $dir/events.jsonl) events with landmarks"
  else result daemon-v4l2-face-events FAIL "no face event from the fed portrait"; fi
else
  result daemon-v4l2-face-events SKIP "../shared absent: shipped KPNet accuracy is not asserted"
fi
