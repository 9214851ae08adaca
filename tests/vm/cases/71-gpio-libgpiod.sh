# GPIO through System.Device.Gpio's own LibGpiodDriver: the host's libgpiod.so.2 (Debian's libgpiod2 1.6, which
# scripts/setup.sh installs with gpiod) is in the guest through the shared root, as on Raspberry Pi OS (the arm64 VM:
# libgpiod2:arm64 in its userland).
#   libgpiod scenario: rules (hold, pulse, active-low inverted by EdgeFace), an input switching detection, release,
#                      and open-drain refused with the reason (tests/vm/gpio/LibgpiodScenario.cs)
#   auto:              gpio.backend auto picks libgpiod here, and EdgeFace's chardev driver once libgpiod is hidden
. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
. "$EDGEFACE_ROOT/tests/vm/lib/gpio-lib.sh"
lib=$(ls /usr/lib/*-linux-gnu/libgpiod.so.2 /lib/*-linux-gnu/libgpiod.so.2 2>/dev/null | head -1)
if [ -z "$lib" ]; then
  result gpio-libgpiod-present FAIL "libgpiod.so.2 not found (scripts/setup.sh installs gpiod, which brings libgpiod2)"
  exit 0
fi
result gpio-libgpiod-present PASS "$(readlink -f "$lib")"

out=$(gpio_probe libgpiod "$sim" 2>&1); rc=$?
echo "$out"
report_checks "$out" $rc gpio-libgpiod-scenario

choice=$(gpio_probe choice 2>&1 | grep '^CHOICE')
echo "with libgpiod: $choice"
case $choice in
  "CHOICE libgpiod libgpiod "*" found") result gpio-auto-picks-libgpiod PASS "${choice#CHOICE }" ;;
  *) result gpio-auto-picks-libgpiod FAIL "$choice" ;;
esac
# Hide the library in a private mount namespace (bind /dev/null over it): what a machine without libgpiod2 sees.
hidden=$(unshare -m sh -c "mount --bind /dev/null '$(readlink -f "$lib")' && exec \"\$@\"" sh "${GPIO_PROBE_CMD[@]}" choice 2>&1 | grep '^CHOICE')
echo "without libgpiod: $hidden"
case $hidden in
  "CHOICE chardev libgpiod is not usable ("*) result gpio-auto-falls-back-to-chardev PASS "${hidden#CHOICE }" ;;
  *) result gpio-auto-falls-back-to-chardev FAIL "${hidden:-no CHOICE line}" ;;
esac
