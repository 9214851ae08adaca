# Host half of 10-capture-formats: for each format the guest captured, raw bytes from EdgeFace must equal
# v4l2-ctl's, and EdgeFace's RGB conversion must agree with ffmpeg's conversion of v4l2-ctl's frame.
. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
dir=$VM_OUT/formats
[ -f $dir/list ] || exit 0
while read -r fcc ours w h; do
  case $fcc in YUYV) ff=yuyv422 ;; NV12) ff=nv12 ;; YU12) ff=yuv420p ;; GREY) ff=gray ;; RGB3) ff=rgb24 ;; BGR3) ff=bgr24 ;; *) ff= ;; esac
  if [ ! -f $dir/$fcc-ours.raw ]; then result capture-$ours FAIL "EdgeFace captured nothing (see 10-capture-formats.log)"; continue; fi
  size=$(( $(stat -c %s $dir/$fcc.all) / 3 ))
  tail -c $size $dir/$fcc.all > $dir/$fcc.ref
  ffmpeg -nostdin -hide_banner -loglevel error -y -f rawvideo -pix_fmt $ff -s ${w}x$h -i $dir/$fcc.ref -f rawvideo -pix_fmt rgb24 $dir/$fcc.ref.rgb
  if line=$($PYTHON "$EDGEFACE_ROOT/tests/vm/lib/compare_frames.py" $fcc $w $h $dir/$fcc.ref $dir/$fcc-ours.raw $dir/$fcc-ours.rgb $dir/$fcc.ref.rgb); then
    result capture-$ours PASS "$line"
  else
    result capture-$ours FAIL "$line"
  fi
done < $dir/list
