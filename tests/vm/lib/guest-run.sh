#!/usr/bin/env bash
# Runs inside the guest (chroot of the host root). Each tests/vm/cases/*.sh runs with a time limit; its outcome is
# printed as "VMCASE|name|PASS|detail" (FAIL/SKIP likewise) on the console and appended to $VM_OUT/results.txt.
# A case may report several results itself with `result NAME PASS|FAIL|SKIP DETAIL` (from lib/case-lib.sh); if it
# reports none, its exit status decides: 0 pass, 77 skip, anything else fail.
set -u
cd "$EDGEFACE_ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export VM_RESULTS=$VM_OUT/results.txt
: > "$VM_RESULTS"
for case in tests/vm/cases/*.sh; do
  name=$(basename "$case" .sh)
  case $name in *.*) continue ;; esac # NAME.build.sh and NAME.host.sh run on the host
  if [ -n "${VM_CASES:-}" ] && ! echo ",$VM_CASES," | grep -q ",$name,"; then continue; fi
  if echo ",${VM_SKIP:-}," | grep -q ",$name,"; then continue; fi # its host build step failed
  log=$VM_OUT/$name.log
  before=$(wc -l < "$VM_RESULTS")
  start=$(date +%s)
  VM_CASE=$name timeout 300 bash "$case" > "$log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  if [ "$(wc -l < "$VM_RESULTS")" -eq "$before" ]; then
    case $rc in
      0) echo "$name|PASS|${secs}s" >> "$VM_RESULTS" ;;
      77) echo "$name|SKIP|$(tail -1 "$log")" >> "$VM_RESULTS" ;;
      124) echo "$name|FAIL|timed out after 300 s: $(tail -1 "$log")" >> "$VM_RESULTS" ;;
      *) echo "$name|FAIL|exit $rc: $(tail -1 "$log")" >> "$VM_RESULTS" ;;
    esac
  elif [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
    echo "$name|FAIL|exit $rc after its reported results: $(tail -1 "$log")" >> "$VM_RESULTS"
  fi
  tail -n +$((before + 1)) "$VM_RESULTS" | sed 's/^/VMCASE|/'
  # Failing cases show their log on the console, so the host log alone explains the failure.
  if tail -n +$((before + 1)) "$VM_RESULTS" | grep -q '|FAIL|'; then sed 's/^/  | /' "$log" | tail -40; fi
done
sync
