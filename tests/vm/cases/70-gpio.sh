# GPIO against the real gpio-sim driver (/dev/gpiochip0, 8 lines). EdgeFace.Gpio drives lines through the uAPI v2
# character device; the kernel's side is read back from gpio-sim's sysfs `value` files, inputs are moved with its
# `pull` files, and libgpiod's gpioinfo is an independent view of who holds which line.
#   scenario: rules engine (hold, pulse, active-low, open-drain), input line switching detection, line info,
#             busy-line refusal, edge events with sequence numbers, shutdown and release (tests/vm/gpio/Program.cs)
#   hold:     a held output is visible to gpioinfo with EdgeFace's consumer; closing the request releases it
#   crash:    a process dying with a line held: the kernel releases the line (gpio-sim returns it to its pull)
. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
. "$EDGEFACE_ROOT/tests/vm/lib/gpio-lib.sh"

# 1. The scenario: one .NET start, many checks.
out=$(gpio_probe scenario "$sim" 2>&1); rc=$?
echo "$out"
report_checks "$out" $rc gpio-scenario

# 2. A held line as other tools see it, and its release.
echo pull-down > "$sim/sim_gpio7/pull"
coproc HOLD { gpio_probe hold gpiochip0 7; }
read -r -t 120 ready <&"${HOLD[0]}"
held=$(cat "$sim/sim_gpio7/value")
info=$(gpioinfo gpiochip0 2>&1 | grep -E '^\s*line\s+7:')
eval "exec ${HOLD[1]}>&-"
wait "$HOLD_PID"; hold_rc=$?
after=$(cat "$sim/sim_gpio7/value")
info_after=$(gpioinfo gpiochip0 2>&1 | grep -E '^\s*line\s+7:')
echo "ready=$ready held=$held info=[$info] exit=$hold_rc after=$after info_after=[$info_after]"
if [ "$ready" = READY ] && [ "$held" = 1 ] && echo "$info" | grep -Eq '"edgeface:hold"[[:space:]]+output' ; then
  result gpio-held-line-seen-by-gpioinfo PASS "value 1; $info"
else
  result gpio-held-line-seen-by-gpioinfo FAIL "ready=$ready value=$held info=$info"
fi
if [ "$hold_rc" = 0 ] && [ "$after" = 0 ] && echo "$info_after" | grep -q unused; then
  result gpio-closed-request-releases-line PASS "value back to pull (0); $info_after"
else
  result gpio-closed-request-releases-line FAIL "exit=$hold_rc value=$after info=$info_after"
fi

# 3. Crash with a line held (no Dispose, no inactive write): what the kernel does.
echo pull-down > "$sim/sim_gpio0/pull"
crash_out=$(gpio_probe crash gpiochip0 0 2>&1); crash_rc=$?
value=$(cat "$sim/sim_gpio0/value")
info=$(gpioinfo gpiochip0 2>&1 | grep -E '^\s*line\s+0:')
echo "crash: rc=$crash_rc value=$value info=[$info] output: $(echo "$crash_out" | head -3)"
if echo "$crash_out" | grep -q REQUESTED && [ "$crash_rc" -ne 0 ] && [ "$value" = 0 ] && echo "$info" | grep -q unused; then
  result gpio-crash-releases-line PASS "process died (exit $crash_rc); kernel released the line, gpio-sim returned it to pull-down"
else
  result gpio-crash-releases-line FAIL "exit=$crash_rc value=$value info=$info"
fi

# 4. Figures (not pass/fail): rules cost per frame and a line write through the kernel, saved for the host.
gpio_probe bench gpiochip0 3 0.1 > "$VM_OUT/gpio-bench.txt" 2>&1 && cat "$VM_OUT/gpio-bench.txt"
