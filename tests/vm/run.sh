#!/usr/bin/env bash
# Hardware-in-the-loop without hardware: boots a throw-away QEMU VM (TCG) with the real vivid V4L2 driver and
# gpio-sim, runs tests/vm/cases/*.sh inside against the host's own build output, and reports:
#   last line "vm: N passed, M failed[, K skipped]", per-case lines in .cache/vm/results.txt, logs in .cache/vm/out/.
#   tests/vm/run.sh                    all cases
#   tests/vm/run.sh 10-capture 40-hotplug   only these cases (file names without .sh)
# Env: VM_TIMEOUT (s, default 900), VM_MEMORY (MB, default 2048), VM_SKIP_BUILD=1 (use existing build output).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export EDGEFACE_ROOT=$root
cache=$root/.cache/vm
out=$cache/out
summary() { echo "vm: $1 passed, $2 failed${3:+, $3 skipped}"; }

prep=$("$here/lib/prepare.sh" 2>&1); rc=$?
echo "$prep"
if [ $rc -eq 2 ]; then
  echo "vm: SKIPPED: $(echo "$prep" | sed -n 's/^prepare: skip: //p')"
  summary 0 0 1; exit 0
elif [ $rc -ne 0 ]; then
  echo "vm: preparing the VM failed"; summary 0 1; exit 1
fi
kernel=$(cat "$cache/kernel.path")

# The guest runs host-built binaries through the read-only root share: build them first.
if [ "${VM_SKIP_BUILD:-0}" != 1 ]; then
  echo "vm: building the probe (Release)"
  if ! dotnet build "$here/probe/EdgeFace.VmProbe.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly; then
    echo "vm: probe build failed"; summary 0 1; exit 1
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
  name=$(basename "$step" .build.sh)
  selected "$name" || continue
  if ! VM_CACHE=$cache bash "$step" > "$cache/$name.build.log" 2>&1; then
    echo "$name.build|FAIL|host build step failed: $(grep -m1 -E 'error|Error' "$cache/$name.build.log" | cut -c1-200)" >> "$pre"
    echo "vm: $step failed (log: $cache/$name.build.log); leaving $name out"
    skip_cases=$skip_cases,$name
  fi
done

rm -rf "$out"; mkdir -p "$out"
cases=$(IFS=,; echo "$*")
console=$cache/console.log
echo "vm: booting (TCG; console log in $console)"
start=$(date +%s)
timeout "${VM_TIMEOUT:-900}" qemu-system-x86_64 -accel tcg -cpu max -m "${VM_MEMORY:-2048}" -smp 2 -nographic -no-reboot -net none \
  -kernel "$kernel" -initrd "$cache/initramfs.cpio.gz" \
  -append "console=ttyS0 quiet panic=-1 edgeface.root=$root edgeface.cases=$cases edgeface.skip=${skip_cases#,}" \
  -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
  -virtfs local,path="$out",mount_tag=out,security_model=none,multidevs=remap \
  -virtfs local,path="$root",mount_tag=repo,security_model=none,readonly=on,multidevs=remap \
  > "$console" 2>&1 < /dev/null
qrc=$?
echo "vm: VM ran $(( $(date +%s) - start )) s (qemu exit $qrc)"
grep -E '^(vm:|VMCASE\||  \| )' "$console" | tr -d '\r'

# Host-side halves of cases (NAME.host.sh) check what the guest saved in $out, appending to the same results.
[ -f "$out/results.txt" ] || : > "$out/results.txt"
cat "$pre" >> "$out/results.txt"
for step in "$here"/cases/*.host.sh; do
  [ -f "$step" ] || continue
  name=$(basename "$step" .host.sh)
  [ -f "$out/$name.log" ] || continue
  before=$(wc -l < "$out/results.txt")
  VM_OUT=$out VM_RESULTS=$out/results.txt VM_CASE=$name bash "$step" > "$out/$name.host.log" 2>&1 || echo "$name.host|FAIL|exit $?: $(tail -1 "$out/$name.host.log")" >> "$out/results.txt"
  tail -n +$((before + 1)) "$out/results.txt" | sed 's/^/VMCASE|/'
done
results=$cache/results.txt
cp "$out/results.txt" "$results"
p=$(grep -c '|PASS|' "$results"); f=$(grep -c '|FAIL|' "$results"); s=$(grep -c '|SKIP|' "$results")
if [ $qrc -eq 124 ]; then echo "vm: the VM timed out"; f=$((f + 1)); fi
if [ "$((p + f + s))" -eq 0 ]; then echo "vm: no case reported (see $console)"; tail -20 "$console"; f=1; fi
echo "vm: results in $results, case logs in $out"
[ "$s" -gt 0 ] && summary "$p" "$f" "$s" || summary "$p" "$f"
[ "$f" -eq 0 ]
