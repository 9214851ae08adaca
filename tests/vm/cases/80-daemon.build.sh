# Host step: build the daemon exactly as ./edgeface does, and turn the demo portrait into the 720x576 YUYV picture
# that is fed through vivid's video-output loop into the capture device.
"$EDGEFACE_ROOT/scripts/setup.sh" runtime >/dev/null
dotnet build "$EDGEFACE_ROOT/src/EdgeFace/EdgeFace.csproj" -c Release -o "$EDGEFACE_ROOT/.cache/build/edgeface" --nologo -v quiet -clp:ErrorsOnly \
  && touch "$EDGEFACE_ROOT/.cache/build/edgeface/.built" || exit 1
[ -f "$VM_CACHE/daemon-feed.yuv" ] || ffmpeg -hide_banner -loglevel error -y -i "$EDGEFACE_ROOT/.cache/demo/astronaut.png" \
  -vf "scale=-2:400,pad=720:576:(ow-iw)/2:(oh-ih)/2" -frames:v 1 -pix_fmt yuyv422 -f rawvideo "$VM_CACHE/daemon-feed.yuv"
