#!/usr/bin/env bash
# Hardware-in-the-loop without hardware: boots a throw-away QEMU VM (TCG) with the real vivid V4L2 driver and
# gpio-sim, runs tests/vm/cases/*.sh inside against the host's own build output, and reports:
#   last line "vm: N passed, M failed[, K skipped]", per-case lines in .cache/vm/results.txt, logs in .cache/vm/out/.
#   tests/vm/run.sh                    all cases
#   tests/vm/run.sh 10-capture 40-hotplug   only these cases (file names without .sh)
# Env: VM_TIMEOUT (s, default 900), VM_MEMORY (MB, default 2048), VM_SKIP_BUILD=1 (use existing build output),
#      VM_ARCH=arm64 (the arm64 VM: tests/vm-arm64/run.sh sets it; results then in .cache/vm-arm64, lines "vm-arm64:").
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export EDGEFACE_ROOT=$root VM_ARCH=${VM_ARCH:-x86_64}
suite_start=$(date +%s)
# x86-64: the guest chroots into the host root and runs the host's dotnet builds. arm64: qemu's `virt` board with a
# Cortex-A72 (a Raspberry Pi 4's core), chrooted into an arm64 userland, running self-contained linux-arm64 publishes.
case $VM_ARCH in
  arm64) name=vm-arm64; cache=$root/.cache/vm-arm64
         qemu=(qemu-system-aarch64 -machine virt -accel tcg -cpu cortex-a72); serial=ttyAMA0
         guest_args="edgeface.userland=$cache/userland edgeface.programs=$cache/programs" ;;
  *)     name=vm; cache=$root/.cache/vm; qemu=(qemu-system-x86_64 -accel tcg -cpu max); serial=ttyS0; guest_args= ;;
esac
export VM_CACHE=$cache
out=$cache/out
summary() { echo "$name: $1 passed, $2 failed${3:+, $3 skipped}"; }

prep=$("$here/lib/prepare.sh" 2>&1); rc=$?
echo "$prep"
if [ $rc -eq 2 ]; then
  echo "$name: SKIPPED: $(echo "$prep" | sed -n 's/^prepare: skip: //p')"
  summary 0 0 1; exit 0
elif [ $rc -ne 0 ]; then
  echo "$name: preparing the VM failed"; summary 0 1; exit 1
fi
kernel=$(cat "$cache/kernel.path")

# The guest runs host-built binaries through the read-only root share: build them first.
. "$here/lib/build-lib.sh"
if [ "${VM_SKIP_BUILD:-0}" != 1 ]; then
  echo "$name: building the probe (Release, $VM_ARCH)"
  if ! build_program tests/vm/probe/EdgeFace.VmProbe.csproj probe; then
    echo "$name: probe build failed"; summary 0 1; exit 1
  fi
fi
selected() { [ ${#selection[@]} -eq 0 ] && return 0; local n; for n in "${selection[@]}"; do [ "$n" = "$1" ] && return 0; done; return 1; }
selection=("$@")
# Host-side preparation steps of cases (NAME.build.sh), e.g. building a case's own probe. A failing step fails that
# case (reported, and the case is left out of the VM) without stopping the others.
pre=$cache/pre-results.txt; : > "$pre"
skip_cases=
for step in "$here"/cases/*.build.sh; do
  [ -f "$step" ] || continue
  casename=$(basename "$step" .build.sh)
  selected "$casename" || continue
  if ! bash "$step" > "$cache/$casename.build.log" 2>&1; then
    echo "$casename.build|FAIL|host build step failed: $(grep -m1 -E 'error|Error' "$cache/$casename.build.log" | cut -c1-200)" >> "$pre"
    echo "$name: $step failed (log: $cache/$casename.build.log); leaving $casename out"
    skip_cases=$skip_cases,$casename
  fi
done

rm -rf "$out"; mkdir -p "$out"
cases=$(IFS=,; echo "$*")
console=$cache/console.log
echo "$name: booting (TCG; console log in $console)"
start=$(date +%s)
timeout "${VM_TIMEOUT:-900}" "${qemu[@]}" -m "${VM_MEMORY:-2048}" -smp 2 -nographic -no-reboot -net none \
  -kernel "$kernel" -initrd "$cache/initramfs.cpio.gz" \
  -append "console=$serial quiet panic=-1 edgeface.root=$root edgeface.cache=$cache edgeface.cases=$cases edgeface.skip=${skip_cases#,} $guest_args" \
  -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
  -virtfs local,path="$out",mount_tag=out,security_model=none,multidevs=remap \
  -virtfs local,path="$root",mount_tag=repo,security_model=none,readonly=on,multidevs=remap \
  > "$console" 2>&1 < /dev/null
qrc=$?
echo "$name: VM ran $(( $(date +%s) - start )) s (qemu exit $qrc)"
grep -E '^(vm:|VMCASE\||  \| )' "$console" | tr -d '\r'

# Host-side halves of cases (NAME.host.sh) check what the guest saved in $out, appending to the same results.
[ -f "$out/results.txt" ] || : > "$out/results.txt"
cat "$pre" >> "$out/results.txt"
for step in "$here"/cases/*.host.sh; do
  [ -f "$step" ] || continue
  casename=$(basename "$step" .host.sh)
  [ -f "$out/$casename.log" ] || continue
  before=$(wc -l < "$out/results.txt")
  VM_OUT=$out VM_RESULTS=$out/results.txt VM_CASE=$casename bash "$step" > "$out/$casename.host.log" 2>&1 || echo "$casename.host|FAIL|exit $?: $(tail -1 "$out/$casename.host.log")" >> "$out/results.txt"
  tail -n +$((before + 1)) "$out/results.txt" | sed 's/^/VMCASE|/'
done
results=$cache/results.txt
cp "$out/results.txt" "$results"
p=$(grep -c '|PASS|' "$results"); f=$(grep -c '|FAIL|' "$results"); s=$(grep -c '|SKIP|' "$results")
if [ $qrc -eq 124 ]; then echo "$name: the VM timed out"; f=$((f + 1)); fi
if [ "$((p + f + s))" -eq 0 ]; then echo "$name: no case reported (see $console)"; tail -20 "$console"; f=1; fi
echo "$name: results in $results, case logs in $out"
echo "$name: $(( $(date +%s) - suite_start )) s in all (builds, VM, host steps)"
[ "$s" -gt 0 ] && summary "$p" "$f" "$s" || summary "$p" "$f"
[ "$f" -eq 0 ]
