#!/usr/bin/env bash
# Runs every EdgeFace test suite and ends with one line: "N passed, N failed[, N skipped]" over all of them.
# Installs what the tests need first (idempotent). Exit status is non-zero when anything failed.
#   ./test.sh            all suites: .NET unit+integration tests, CLI end-to-end, training code, arm64 under qemu-user,
#                        VM hardware-in-the-loop
#   EDGEFACE_SKIP_VM=1   leave out the VM suite (prints that it was left out)
#   EDGEFACE_SKIP_ARM64=1  leave out the arm64 (qemu-user) suite
#   EDGEFACE_VM_ARM64=1  also run the arm64 VM (qemu-system-aarch64; skipped with a printed reason otherwise)
set -uo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"
"$root/scripts/setup.sh" test || { echo "0 passed, 1 failed"; exit 1; }
[ -x "$HOME/.dotnet/dotnet" ] && ! command -v dotnet >/dev/null && export PATH="$HOME/.dotnet:$PATH"
export EDGEFACE_ROOT="$root" EDGEFACE_REQUIRE_ORT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results=$root/.cache/test-results
rm -rf "$results"; mkdir -p "$results"
passed=0; failed=0; skipped=0
add() { passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + $3)); echo "== $4: $1 passed, $2 failed, $3 skipped"; }

# 1. .NET tests (unit + integration against real ONNX Runtime, mosquitto, libturbojpeg, ...)
echo "== building"
if ! dotnet build EdgeFace.sln -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi
dotnet test EdgeFace.sln -c Release --no-build --nologo --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results/dotnet" || true
p=0; f=0; s=0; n=0
for trx in "$results"/dotnet/*.trx; do
  [ -f "$trx" ] || continue; n=$((n + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); pa=$(get passed); fa=$(get failed); er=$(get error); to=$(get timeout); ab=$(get aborted)
  # the shared helper library reports an empty run of its own; only runs with tests count as a project's results
  [ "${total:-0}" -gt 0 ] || n=$((n - 1))
  p=$((p + ${pa:-0})); f=$((f + ${fa:-0} + ${er:-0} + ${to:-0} + ${ab:-0}))
  s=$((s + ${total:-0} - ${pa:-0} - ${fa:-0} - ${er:-0} - ${to:-0} - ${ab:-0}))
done
expected=$(ls -d tests/*.Tests 2>/dev/null | wc -l)
if [ "$n" -lt "$expected" ]; then echo "only $n of $expected test projects reported results (crashed test host?)"; f=$((f + expected - n)); fi
add "$p" "$f" "$s" ".NET tests"

# 2. Script suites: each prints a line "<name>: N passed, N failed[, N skipped]" as its last line.
for suite in tests/cli/run.sh tests/training/run.sh tests/arm64/run.sh tests/vm/run.sh tests/vm-arm64/run.sh; do
  [ -x "$suite" ] || continue
  if [ "$suite" = tests/vm/run.sh ] && [ "${EDGEFACE_SKIP_VM:-0}" = 1 ]; then echo "== VM suite left out (EDGEFACE_SKIP_VM=1)"; continue; fi
  if [ "$suite" = tests/arm64/run.sh ] && [ "${EDGEFACE_SKIP_ARM64:-0}" = 1 ]; then echo "== arm64 suite left out (EDGEFACE_SKIP_ARM64=1)"; continue; fi
  log=$results/$(echo "$suite" | tr / _).log
  "$suite" 2>&1 | tee "$log"; rc=${PIPESTATUS[0]}
  line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  sp=$(echo "$line" | sed -n 's/.*\b\([0-9]\+\) passed.*/\1/p'); sf=$(echo "$line" | sed -n 's/.*\b\([0-9]\+\) failed.*/\1/p')
  ss=$(echo "$line" | sed -n 's/.*\b\([0-9]\+\) skipped.*/\1/p')
  if [ -z "$line" ]; then sp=0; sf=1; ss=0; echo "$suite printed no summary"; fi
  if [ "$rc" -ne 0 ] && [ "${sf:-0}" -eq 0 ]; then sf=1; echo "$suite exited $rc"; fi
  add "${sp:-0}" "${sf:-0}" "${ss:-0}" "$suite"
done

if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
[ "$failed" -eq 0 ]
