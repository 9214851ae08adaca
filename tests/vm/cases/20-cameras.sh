# `edgeface cameras` data: EdgeFace's enumeration lists the vivid capture node (not the output node) with as many
# formats as v4l2-ctl reports, the usable ones by name, and sizes with frame rates.
. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
need_video
out=$(probe cameras) || { echo "$out"; exit 1; }
echo "$out"
echo "$out" | grep -q '^DEVICES 1$' || { echo "expected exactly one capture device (video0 capture, video1 output)"; exit 1; }
ours=$(echo "$out" | awk '$1=="FORMAT" && $2=="/dev/video0"' | wc -l)
theirs=$(v4l2-ctl -d /dev/video0 --list-formats | grep -c "^\s*\[[0-9]*\]")
[ "$ours" = "$theirs" ] || { echo "format count differs: EdgeFace $ours, v4l2-ctl $theirs"; exit 1; }
for fcc in YUYV NV12 YU12 GREY RGB3 BGR3; do
  in_ctl=$(v4l2-ctl -d /dev/video0 --list-formats | grep -c "'$fcc'")
  in_ours=$(echo "$out" | grep -c "^FORMAT /dev/video0 $fcc ")
  [ "$in_ctl" = "$in_ours" ] || { echo "$fcc: v4l2-ctl lists it $in_ctl times, EdgeFace $in_ours"; exit 1; }
done
echo "$out" | grep -q 'yuyv (YUYV 4:2:2): 320x180@.*640x480@1/2/4/5' || { echo "yuyv sizes with frame rates not listed"; exit 1; }
echo "$ours formats, same as v4l2-ctl"
