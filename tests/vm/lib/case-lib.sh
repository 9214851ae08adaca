# Sourced by cases: helpers shared by every VM case.
# result NAME PASS|FAIL|SKIP DETAIL   - report one result (a case may report several)
# probe ARGS...                       - run the capture probe (tests/vm/probe)
# gpio_probe ARGS...                  - run the GPIO probe (tests/vm/gpio)
# edgeface ARGS...                    - run the daemon (src/EdgeFace)
# need_program probe|gpio_probe|edgeface  - exit with a clear message when that program was not built
result() { local name=$1 outcome=$2; shift 2; echo "$name|$outcome|$*" >> "$VM_RESULTS"; echo "result: $name $outcome $*"; }
# The x86-64 VM runs the host's Release builds with the host's dotnet. The arm64 VM (tests/vm-arm64) has no dotnet:
# VM_PROGRAMS names the folder of self-contained linux-arm64 publishes of the same projects (its build steps make them).
if [ -n "${VM_PROGRAMS:-}" ]; then
  PROBE_CMD=("$VM_PROGRAMS/probe/EdgeFace.VmProbe")
  GPIO_PROBE_CMD=("$VM_PROGRAMS/gpio/EdgeFace.VmGpioProbe")
  EDGEFACE_CMD=("$VM_PROGRAMS/edgeface/edgeface")
else
  PROBE_CMD=(dotnet "$EDGEFACE_ROOT/tests/vm/probe/bin/Release/net10.0/EdgeFace.VmProbe.dll")
  GPIO_PROBE_CMD=(dotnet "$EDGEFACE_ROOT/tests/vm/gpio/bin/Release/net10.0/EdgeFace.VmGpioProbe.dll")
  EDGEFACE_CMD=(dotnet "$EDGEFACE_ROOT/.cache/build/edgeface/edgeface.dll")
fi
probe() { "${PROBE_CMD[@]}" "$@"; }
gpio_probe() { "${GPIO_PROBE_CMD[@]}" "$@"; }
edgeface() { "${EDGEFACE_CMD[@]}" "$@"; }
need_program() {
  local -n cmd=${1^^}_CMD
  [ -f "${cmd[-1]}" ] || { echo "${cmd[-1]} missing (the case's .build.sh step builds it on the host)"; exit 1; }
}
need_video() { [ -e /dev/video0 ] || { echo "vivid did not create /dev/video0"; exit 1; }; }
# Debian's python3 (python3-numpy is installed for it), not whatever python3 a user's PATH prefers (pyenv, venvs).
PYTHON=/usr/bin/python3; [ -x $PYTHON ] || PYTHON=python3
