# The camera disappears while streaming (vivid's platform device is unbound, as on a USB unplug) and comes back:
# the supervisor reports reconnecting, reopens it, streams again, and counts one outage and one reconnect.
. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
need_video
tmp=/tmp/hotplug; mkdir -p $tmp; rm -f $tmp/stop $tmp/status
drv=/sys/bus/platform/drivers/vivid
[ -e $drv/vivid.0 ] || { echo "vivid.0 is not bound to $drv"; exit 1; }
probe supervise "v4l2:/dev/video0?width=640&height=480&format=yuyv" $tmp/status $tmp/stop > $tmp/probe.log 2>&1 &
pid=$!
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" $tmp/status 2>/dev/null; }
wait_for() { # condition-description, shell test, seconds
  local what=$1 cond=$2 n=$(( $3 * 10 ))
  while [ $n -gt 0 ]; do eval "$cond" && return 0; sleep 0.1; n=$((n - 1)); done
  echo "timed out waiting for: $what (status: $(cat $tmp/status 2>/dev/null))"; cat $tmp/probe.log; touch $tmp/stop; kill $pid 2>/dev/null; exit 1
}
wait_for "streaming" '[ "$(field state)" = Streaming ] && [ "$(field frames)" -gt 10 ] 2>/dev/null' 120
before=$(field frames)
echo "streaming: $(cat $tmp/status)"
echo vivid.0 > $drv/unbind
wait_for "reconnecting after unbind" '[ "$(field state)" = Reconnecting ]' 30
echo "after unbind: $(cat $tmp/status)"
sleep 2
echo vivid.0 > $drv/bind
wait_for "streaming again after bind" '[ "$(field state)" = Streaming ] && [ "$(field reconnects)" -ge 1 ] 2>/dev/null' 60
mid=$(field frames)
wait_for "frames after reconnect" "[ \$(field frames) -gt $((mid + 10)) ] 2>/dev/null" 60
echo "after bind: $(cat $tmp/status)"
touch $tmp/stop; wait $pid
cat $tmp/probe.log
outages=$(field outages); reconnects=$(field reconnects)
[ "$outages" = 1 ] && [ "$reconnects" = 1 ] || { echo "expected 1 outage and 1 reconnect, got outages=$outages reconnects=$reconnects"; exit 1; }
echo "recovered: $(cat $tmp/status)"
