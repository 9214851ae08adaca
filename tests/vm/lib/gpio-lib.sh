# Sourced by the GPIO cases after case-lib.sh: gpio-sim's sysfs folder in $sim, the GPIO probe checked to be built
# (run it with case-lib's `gpio_probe ARGS`), and `report_checks OUTPUT RC` turning the probe's
# "CHECK name PASS|FAIL detail" lines into results.
[ -e /dev/gpiochip0 ] || { echo "gpio-sim did not create /dev/gpiochip0 (gpio-sim module missing? see tests/vm/lib/prepare.sh)"; exit 77; }
sim=$(ls -d /sys/devices/platform/gpio-sim.0/gpiochip* 2>/dev/null | head -1)
[ -n "$sim" ] || { echo "gpio-sim sysfs folder not found"; exit 1; }
need_program gpio_probe
report_checks() { # OUTPUT RC NAME: one result per CHECK line; a probe that failed without any failing CHECK fails NAME
  local out=$1 rc=$2 name=$3 checks
  checks=$(echo "$out" | grep -c '^CHECK ')
  echo "$out" | grep '^CHECK ' | while read -r _ check outcome detail; do result "gpio-$check" "$outcome" "$detail"; done
  if [ "$checks" -eq 0 ] || { [ "$rc" -ne 0 ] && ! echo "$out" | grep -q '^CHECK .* FAIL'; }; then
    result "$name" FAIL "probe exit $rc, $checks checks: $(echo "$out" | tail -1)"
  fi
}
