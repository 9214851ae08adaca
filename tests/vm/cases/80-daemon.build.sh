# Host step: build the daemon, and turn the demo portrait into the 720x576 YUYV picture that is fed through vivid's
# video-output loop into the capture device. x86-64: built exactly as ./edgeface does. arm64: the self-contained
# linux-arm64 publish that scripts/publish.sh puts in a bundle's bin/ (same command, without packing the bundle).
"$EDGEFACE_ROOT/scripts/setup.sh" runtime >/dev/null
if [ "${VM_ARCH:-x86_64}" = arm64 ]; then
  . "$EDGEFACE_ROOT/tests/vm/lib/build-lib.sh"
  build_program src/EdgeFace/EdgeFace.csproj edgeface || exit 1
else
  dotnet build "$EDGEFACE_ROOT/src/EdgeFace/EdgeFace.csproj" -c Release -o "$EDGEFACE_ROOT/.cache/build/edgeface" --nologo -v quiet -clp:ErrorsOnly \
    && touch "$EDGEFACE_ROOT/.cache/build/edgeface/.built" || exit 1
fi
[ -f "$VM_CACHE/daemon-feed.yuv" ] || ffmpeg -hide_banner -loglevel error -y -i "$EDGEFACE_ROOT/.cache/demo/astronaut.png" \
  -vf "scale=-2:400,pad=720:576:(ow-iw)/2:(oh-ih)/2" -frames:v 1 -pix_fmt yuyv422 -f rawvideo "$VM_CACHE/daemon-feed.yuv"
