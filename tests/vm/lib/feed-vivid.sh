#!/usr/bin/env bash
# Reusable VM step: feed chosen pictures into vivid's capture device through its video-output loop.
#   tests/vm/lib/feed-vivid.sh INPUT [PIDFILE]
# INPUT is any picture or video ffmpeg reads (a face photo, a folder pattern like faces/%03d.jpg, a clip), or a
# ready .yuv file of 720x576 YUYV frames (fastest: convert on the host, since ffmpeg starts slowly under TCG). It is
# converted to 720x576 YUYV (vivid's PAL S-Video size), capture input 2 on /dev/video0 and output 0 on /dev/video1
# are selected, loop_video is switched on, and the frames are streamed into /dev/video1 in a loop in the background
# (PID written to PIDFILE; kill it to stop). Afterwards /dev/video0 delivers those pictures:
#   v4l2:/dev/video0?width=720&height=576&format=yuyv
# vivid still draws its OSD text over the top rows unless `v4l2-ctl -d /dev/video0 -c osd_text_mode=2`.
set -euo pipefail
input=$1; pidfile=${2:-/tmp/feed-vivid.pid}
cap=/dev/video0; outdev=/dev/video1
yuv=/tmp/feed-vivid.yuv
case $input in
  *.yuv) cp "$input" "$yuv" ;;
  *) ffmpeg -hide_banner -loglevel error -y -i "$input" -vf "scale=720:576" -pix_fmt yuyv422 -f rawvideo "$yuv" ;;
esac
[ -s "$yuv" ] || { echo "feed-vivid: ffmpeg produced no frames from $input"; exit 1; }
v4l2-ctl -d $cap -i 2 >/dev/null
v4l2-ctl -d $outdev -o 0 >/dev/null
v4l2-ctl -d $cap -c loop_video=1 2>/dev/null || v4l2-ctl -d $outdev -c loop_video=1
v4l2-ctl -d $cap --set-fmt-video=width=720,height=576,pixelformat=YUYV
v4l2-ctl -d $outdev --set-fmt-video-out=width=720,height=576,pixelformat=YUYV
v4l2-ctl -d $outdev --stream-out-mmap --stream-from="$yuv" --stream-loop >/tmp/feed-vivid.log 2>&1 &
echo $! > "$pidfile"
sleep 1
kill -0 "$(cat "$pidfile")" || { echo "feed-vivid: v4l2-ctl stopped: $(cat /tmp/feed-vivid.log)"; exit 1; }
echo "feed-vivid: streaming $(( $(stat -c %s "$yuv") / (720 * 576 * 2) )) frame(s) from $input into $outdev -> $cap (pid $(cat "$pidfile"))"
