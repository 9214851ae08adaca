# Sourced by cases: helpers shared by every VM case.
# result NAME PASS|FAIL|SKIP DETAIL   - report one result (a case may report several)
# probe ARGS...                       - run the capture probe (tests/vm/probe, built on the host)
result() { local name=$1 outcome=$2; shift 2; echo "$name|$outcome|$*" >> "$VM_RESULTS"; echo "result: $name $outcome $*"; }
PROBE_DLL=$EDGEFACE_ROOT/tests/vm/probe/bin/Release/net10.0/EdgeFace.VmProbe.dll
probe() { dotnet "$PROBE_DLL" "$@"; }
need_video() { [ -e /dev/video0 ] || { echo "vivid did not create /dev/video0"; exit 1; }; }
# Debian's python3 (python3-numpy is installed for it), not whatever python3 a user's PATH prefers (pyenv, venvs).
PYTHON=/usr/bin/python3; [ -x $PYTHON ] || PYTHON=python3
