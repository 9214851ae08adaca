# Host step before the VM boots: the GPIO probe (tests/vm/gpio), shared with 70-gpio; a no-op when it is up to date.
[ -n "${VM_CASE:-}" ] && exit 0
. "$EDGEFACE_ROOT/tests/vm/lib/build-lib.sh"
build_program tests/vm/gpio/EdgeFace.VmGpioProbe.csproj gpio
