#!/usr/bin/env bash
# Unit tests of the training code (crop contract, decoder reference, QDQ layout). Needs Debian's python3-torch etc.,
# which ./test.sh installs; no ../shared data. Last line: "training: N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp); trap 'rm -f "$out"' EXIT
echo "== training suite"
(cd "$root" && /usr/bin/python3 -m unittest discover -s tests/training -v) >"$out" 2>&1; rc=$?
cat "$out" | tail -25
total=$(sed -n 's/^Ran \([0-9]*\) tests\?.*/\1/p' "$out" | tail -1)
failed=$(sed -n 's/^FAILED (\(.*\))/\1/p' "$out" | grep -o '[0-9]\+' | awk '{s+=$1} END {print s+0}')
skipped=$(grep -o 'skipped=[0-9]*' "$out" | tail -1 | cut -d= -f2)
total=${total:-0}; failed=${failed:-0}; skipped=${skipped:-0}
[ "$rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "training: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
[ "$rc" -eq 0 ]
