# Captures vivid's colour-bar pattern in every format EdgeFace and vivid have in common, once with v4l2-ctl
# --stream-mmap and once through EdgeFace's own V4L2 source (which also converts its frame to RGB with the
# pipeline's TensorWriter). The comparison runs on the host afterwards (10-capture-formats.host.sh), where python
# and ffmpeg start in milliseconds instead of tens of seconds under TCG.
. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
need_video
dev=/dev/video0
# A static frame: no OSD text (it carries a running counter) and no movement.
v4l2-ctl -d $dev -c osd_text_mode=2 || { echo "cannot turn vivid's OSD off"; exit 1; }
offered=$(v4l2-ctl -d $dev --list-formats | sed -n "s/.*'\(....\)'.*/\1/p")
dir=$VM_OUT/formats; mkdir -p $dir
w=640; h=480
grabs=()
for fcc in YUYV NV12 YU12 GREY RGB3 BGR3 MJPG; do
  case $fcc in
    YUYV) ours=yuyv ;; NV12) ours=nv12 ;; YU12) ours=yu12 ;; GREY) ours=grey ;; RGB3) ours=rgb24 ;; BGR3) ours=bgr24 ;; MJPG) ours=mjpeg ;;
  esac
  if ! echo "$offered" | grep -qx "$fcc"; then result capture-$ours SKIP "vivid does not offer $fcc"; continue; fi
  v4l2-ctl -d $dev --set-fmt-video=width=$w,height=$h,pixelformat=$fcc --stream-mmap --stream-count=3 --stream-to=$dir/$fcc.all ||
    { echo "v4l2-ctl could not capture $fcc"; exit 1; }
  echo "$fcc $ours $w $h" >> $dir/list
  grabs+=("v4l2:$dev?width=$w&height=$h&format=$ours" "$dir/$fcc-ours")
done
probe grab "${grabs[@]}"
