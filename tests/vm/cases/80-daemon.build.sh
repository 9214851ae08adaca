# Host step: build the daemon, and turn the demo portrait into the 720x576 YUYV picture that is fed through vivid's
# video-output loop into the capture device. x86-64: built exactly as ./edgeface does. arm64: the self-contained
# linux-arm64 bundle as scripts/publish.sh ships it (shared with tests/arm64), linked as the guest's program.
"$EDGEFACE_ROOT/scripts/setup.sh" runtime >/dev/null
if [ "${VM_ARCH:-x86_64}" = arm64 ]; then
  bundle=$("$EDGEFACE_ROOT/scripts/publish.sh" --rid linux-arm64 --form self-contained --out "$EDGEFACE_ROOT/.cache/arm64/artifacts") || exit 1
  mkdir -p "$VM_CACHE/programs" && ln -sfn "$bundle" "$VM_CACHE/programs/edgeface"
else
  dotnet build "$EDGEFACE_ROOT/src/EdgeFace/EdgeFace.csproj" -c Release -o "$EDGEFACE_ROOT/.cache/build/edgeface" --nologo -v quiet -clp:ErrorsOnly \
    && touch "$EDGEFACE_ROOT/.cache/build/edgeface/.built" || exit 1
fi
[ -f "$VM_CACHE/daemon-feed.yuv" ] || ffmpeg -hide_banner -loglevel error -y -i "$EDGEFACE_ROOT/.cache/demo/astronaut.png" \
  -vf "scale=-2:400,pad=720:576:(ow-iw)/2:(oh-ih)/2" -frames:v 1 -pix_fmt yuyv422 -f rawvideo "$VM_CACHE/daemon-feed.yuv"
