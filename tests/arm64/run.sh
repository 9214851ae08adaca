#!/usr/bin/env bash
# The arm64 build, run under qemu-user emulation on this x86-64 machine (tests/arm64/emulate.sh):
#   1. `edgeface detect --json` of the self-contained linux-arm64 bundle (scripts/publish.sh) on a fixed image set
#      (tests/arm64/make_images.py), compared face by face with the x64 build's output (compare_detect.py);
#   2. the arm64 self-test (tests/EdgeFace.SelfTest): the xunit classes for the image kernels against the scalar
#      reference, JPEG through libturbojpeg arm64, the decoders, the shipped models and the frame path's allocation
#      checks, then proof that the AdvSimd kernel paths ran.
# Skips, with the reason, where qemu-user-static or the arm64 cross libraries are missing or cannot be fetched.
# On an arm64 host the same checks run natively. Last line: "arm64: N passed, N failed[, N skipped]".
#   EDGEFACE_ARM64_KEEP=1   keep the outputs in .cache/arm64/run (they are always kept on failure)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/tests/arm64
cache=${EDGEFACE_CACHE:-$root/.cache}
work=$cache/arm64
run=$work/run
py=/usr/bin/python3
pass=0; fail=0; skip=0
start=$(date +%s)
ok() { pass=$((pass + 1)); echo "  ok   $1"; }
bad() { fail=$((fail + 1)); echo "  FAIL $1"; [ -n "${2:-}" ] && [ -f "$2" ] && tail -n 25 "$2" | sed 's/^/       /'; }
summary() { echo "== arm64 suite took $(( $(date +%s) - start )) s"; echo "arm64: $pass passed, $fail failed, $skip skipped"; }
skip_all() { echo "  skip arm64 suite: $1"; skip=2; summary; exit 0; }

echo "== arm64 suite (qemu-user)"
[ -x "$HOME/.dotnet/dotnet" ] && ! command -v dotnet >/dev/null && export PATH="$HOME/.dotnet:$PATH"
export EDGEFACE_ROOT=$root DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$run"; mkdir -p "$run"

case $(uname -m) in
  aarch64) emulate() { shift; DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$@"; }; sysroot=/ ;;
  x86_64)
    [ "$(id -u)" = 0 ] || skip_all "emulation needs root (a private mount namespace gives ONNX Runtime an ARM /proc/cpuinfo)"
    unshare -m true 2>/dev/null || skip_all "unshare -m is not permitted here (no private mount namespace for the fake /proc/cpuinfo)"
    sysroot=$("$here/sysroot.sh" 2>"$run/sysroot.err") || skip_all "$(tail -1 "$run/sysroot.err")"
    emulate() { "$here/emulate.sh" "$@"; } ;;
  *) skip_all "host $(uname -m) is neither x86_64 nor aarch64" ;;
esac
[ -x "$py" ] && "$py" -c 'import PIL' 2>/dev/null || skip_all "/usr/bin/python3 with PIL (python3-pil) is needed for the image set"
[ -f "$cache/demo/.complete" ] || skip_all "the demo frames are missing (scripts/setup.sh fetches them)"

# --- builds: the arm64 self-contained bundle, the arm64 self-test, the x64 reference -------------------------------
t=$(date +%s)
bundle=$("$root/scripts/publish.sh" --rid linux-arm64 --form self-contained --out "$work/artifacts" 2>"$run/publish.log") \
  && [ -x "$bundle/bin/edgeface" ] || { bad "scripts/publish.sh builds the linux-arm64 self-contained bundle" "$run/publish.log"; summary; exit 1; }
ok "linux-arm64 self-contained bundle: $(du -sh "$bundle/bin" | cut -f1) ($(( $(date +%s) - t )) s)"
t=$(date +%s)
if dotnet publish "$root/tests/EdgeFace.SelfTest" -c Release -r linux-arm64 --self-contained -o "$work/selftest" \
     --nologo -v quiet -clp:ErrorsOnly >"$run/selftest-publish.log" 2>&1; then
  ok "arm64 self-test published ($(( $(date +%s) - t )) s)"
else bad "arm64 self-test publishes" "$run/selftest-publish.log"; fi
x64=$root/src/EdgeFace/bin/Release/net10.0/edgeface.dll
if [ ! -f "$x64" ] || [ -n "$(find "$root/src" -name '*.cs' -newer "$x64" -print -quit)" ]; then
  dotnet build "$root/src/EdgeFace" -c Release --nologo -v quiet -clp:ErrorsOnly >"$run/x64-build.log" 2>&1 || bad "x64 build" "$run/x64-build.log"
fi

# --- 1. detect: arm64 against x64 -------------------------------------------------------------------------------------
# Tolerances: both builds run the same int8 graphs, whose integer arithmetic is exact on either side (arm64's int8
# kernels match ONNX Runtime's reference; x64 is asked for the same with session.x64quantprecision), and the image
# kernels are bit-identical between the AVX2 and AdvSimd paths (self-test below). What may still differ is float
# summation order inside ONNX Runtime's fp32 kernels (FMA on NEON, other blocking on AVX2): a last-bit difference
# that can move a printed value by one rounding step (0.1 px, 0.001 score), and through the landmark crop a little
# more. So: 0.5 px per coordinate (under 1 % of the smallest face here, ~48 px) and 0.005 in score.
"$py" "$here/make_images.py" "$cache/demo" "$run/images"
dotnet "$x64" detect --json "$run/images" >"$run/x64.jsonl" 2>"$run/x64.err" || bad "x64 detect" "$run/x64.err"
t=$(date +%s)
if emulate "$sysroot" "$bundle/bin/edgeface" detect --json "$run/images" >"$run/arm64.jsonl" 2>"$run/arm64.err"; then
  ok "arm64 edgeface detect --json ran under emulation on $(ls "$run/images" | wc -l) images ($(( $(date +%s) - t )) s)"
  "$py" "$here/compare_detect.py" "$run/x64.jsonl" "$run/arm64.jsonl" --px 0.5 --score 0.005 >"$run/compare.txt"
  sed 's/^/       /' "$run/compare.txt" | grep -v 'passed, '
  read -r p f < <(tail -1 "$run/compare.txt" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
  pass=$((pass + ${p:-0})); fail=$((fail + ${f:-1}))
  [ "$(grep -o '"box"' "$run/x64.jsonl" | wc -l)" -ge 4 ] && ok "the image set has faces to compare ($(grep -o '"box"' "$run/x64.jsonl" | wc -l))" \
    || bad "the x64 build finds at least 4 faces in the image set" "$run/x64.jsonl"
else bad "arm64 edgeface detect under emulation" "$run/arm64.err"; fi

# --- 2. the installer on a fresh Raspberry Pi OS: no .NET anywhere, the self-contained bundle from its own folder --
# A PATH without dotnet stands in for the fresh system; the staged /opt/edgeface must then run under emulation.
nodotnet=$run/nodotnet-bin
mkdir -p "$nodotnet"
for d in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
  for f in "$d"/*; do n=${f##*/}; [ "$n" = dotnet ] || [ -e "$nodotnet/$n" ] || ln -s "$f" "$nodotnet/$n"; done
done
if PATH=$nodotnet EDGEFACE_ARCH=aarch64 DESTDIR=$run/root "$bundle/deploy/install.sh" --profile raspberry-pi-4 >"$run/install.log" 2>&1 \
   && grep -q "no .NET runtime needed" "$run/install.log" && ! grep -q DOTNET_ROOT "$run/root/etc/systemd/system/edgeface.service.d/10-install.conf"; then
  ok "deploy/install.sh from the arm64 bundle installs without .NET (staged, profile raspberry-pi-4)"
  if EDGEFACE_ROOT=$run/root/opt/edgeface emulate "$sysroot" "$run/root/opt/edgeface/edgeface" detect --json "$run/images/astronaut.png" >"$run/installed.jsonl" 2>"$run/installed.err" \
     && "$py" "$here/compare_detect.py" "$run/x64.jsonl" "$run/installed.jsonl" --only-candidate-files >"$run/installed-compare.txt"; then
    ok "the installed arm64 program runs from /opt/edgeface and finds the same faces"
  else bad "the installed arm64 program runs from /opt/edgeface" "$run/installed.err"; cat "$run/installed-compare.txt" 2>/dev/null; fi
else bad "deploy/install.sh installs the arm64 bundle without .NET" "$run/install.log"; fi

# --- 3. self-test: kernels, JPEG, decoders, models, allocation, vector paths --------------------------------------
if [ -x "$work/selftest/EdgeFace.SelfTest" ]; then
  t=$(date +%s)
  emulate "$sysroot" "$work/selftest/EdgeFace.SelfTest" >"$run/selftest.log" 2>&1; rc=$?
  grep -v '^  pass ' "$run/selftest.log" | sed 's/^/       /' | head -80
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$run/selftest.log" | tail -1)
  read -r p f s < <(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')
  if [ -z "$line" ]; then bad "arm64 self-test printed no summary (exit $rc)" "$run/selftest.log"
  else
    pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
    [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || bad "arm64 self-test exited $rc"
    echo "  arm64 self-test: $line ($(( $(date +%s) - t )) s)"
  fi
fi

[ "$fail" -eq 0 ] && [ "${EDGEFACE_ARM64_KEEP:-0}" != 1 ] && rm -rf "$run"
summary
[ "$fail" -eq 0 ]
