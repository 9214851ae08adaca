# Host step before the VM boots: the picture fed through vivid's loop (720x576 YUYV), made once.
[ -f "$VM_CACHE/loopback-feed.yuv" ] || ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=s=720x576 -frames:v 1 \
  -pix_fmt yuyv422 -f rawvideo "$VM_CACHE/loopback-feed.yuv"
