# Host step before the VM boots: build the GPIO case's console probe (tests/vm/gpio) in Release.
# (Guard: should the guest ever run this file as a case, there is nothing to build there.)
[ -n "${VM_CASE:-}" ] && exit 0
. "$EDGEFACE_ROOT/tests/vm/lib/build-lib.sh"
build_program tests/vm/gpio/EdgeFace.VmGpioProbe.csproj gpio
