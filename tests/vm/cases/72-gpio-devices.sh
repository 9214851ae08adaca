# dotnet/iot device bindings attached by configuration, on gpio-sim lines, through both drivers (chardev, libgpiod):
# an HC-SR501 PIR (Iot.Device.Hcsr501) enabling detection, an LED and a passive buzzer (Iot.Device.Buzzer on EdgeFace's
# square wave) as rule targets, and a push button (Iot.Device.Button.GpioButton) toggling detection.
# The kernel's side is read from gpio-sim's sysfs files (tests/vm/gpio/DeviceScenario.cs).
. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
. "$EDGEFACE_ROOT/tests/vm/lib/gpio-lib.sh"
for backend in chardev libgpiod; do
  out=$(gpio_probe devices "$sim" $backend 2>&1); rc=$?
  echo "$out"
  report_checks "$out" $rc gpio-$backend-devices
done
