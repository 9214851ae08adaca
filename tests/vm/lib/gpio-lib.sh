# Sourced by the GPIO cases after case-lib.sh: gpio-sim's sysfs folder in $sim and `gprobe ARGS` (tests/vm/gpio),
# and `report_checks OUTPUT RC` turning the probe's "CHECK name PASS|FAIL detail" lines into results.
[ -e /dev/gpiochip0 ] || { echo "gpio-sim did not create /dev/gpiochip0 (gpio-sim module missing? see tests/vm/lib/prepare.sh)"; exit 77; }
sim=$(ls -d /sys/devices/platform/gpio-sim.0/gpiochip* 2>/dev/null | head -1)
[ -n "$sim" ] || { echo "gpio-sim sysfs folder not found"; exit 1; }
GPIO_PROBE=$EDGEFACE_ROOT/tests/vm/gpio/bin/Release/net10.0/EdgeFace.VmGpioProbe.dll
[ -f "$GPIO_PROBE" ] || { echo "$GPIO_PROBE missing (the case's .build.sh builds it on the host)"; exit 1; }
gprobe() { dotnet "$GPIO_PROBE" "$@"; }
report_checks() { # OUTPUT RC NAME: one result per CHECK line; a probe that failed without any failing CHECK fails NAME
  local out=$1 rc=$2 name=$3 checks
  checks=$(echo "$out" | grep -c '^CHECK ')
  echo "$out" | grep '^CHECK ' | while read -r _ check outcome detail; do result "gpio-$check" "$outcome" "$detail"; done
  if [ "$checks" -eq 0 ] || { [ "$rc" -ne 0 ] && ! echo "$out" | grep -q '^CHECK .* FAIL'; }; then
    result "$name" FAIL "probe exit $rc, $checks checks: $(echo "$out" | tail -1)"
  fi
}
