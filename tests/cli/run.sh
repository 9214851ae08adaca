#!/usr/bin/env bash
# End-to-end checks of the real `edgeface` CLI, exactly as a user runs it (through ./edgeface).
# Last line: "cli: N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
ef="$root/edgeface"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0; skip=0
ok() { pass=$((pass + 1)); echo "  ok   $1"; }
bad() { fail=$((fail + 1)); echo "  FAIL $1"; [ -n "${2:-}" ] && sed 's/^/       /' "$2" | head -20; }
# check NAME EXPECTED_EXIT COMMAND... : runs the command, keeps stdout in $tmp/out and stderr in $tmp/err
check() {
  local name=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [ "$rc" -eq "$want" ]; then return 0; fi
  echo "  (exit $rc, expected $want)"; cat "$tmp/err" | tail -5; return 1
}
json_lines() { /usr/bin/python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin if l.strip()]' < "$1"; }

echo "== cli suite"
"$ef" --help >/dev/null 2>"$tmp/build.log" || { bad "edgeface builds and starts" "$tmp/build.log"; echo "cli: $pass passed, $((fail)) failed"; exit 1; }

for cmd in run detect eval bench cameras providers "config validate" "config schema"; do
  if check "$cmd --help" 0 $ef $cmd --help && grep -q "Usage: edgeface $cmd" "$tmp/out"; then ok "$cmd --help"; else bad "$cmd --help" "$tmp/out"; fi
done

if check "unknown command" 2 $ef frobnicate; then ok "unknown command exits 2"; else bad "unknown command exits 2"; fi
if check "unknown option" 2 $ef run --frobnicate && grep -q "unknown option --frobnicate" "$tmp/err"; then ok "unknown option is named"; else bad "unknown option is named" "$tmp/err"; fi

# configuration
"$ef" config schema > "$tmp/schema.json" 2>/dev/null && json_lines "$tmp/schema.json" 2>/dev/null || /usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/schema.json" \
  && ok "config schema prints JSON" || bad "config schema prints JSON"
echo '{"detection":{"score_threshold":0.7},"source":"demo"}' > "$tmp/good.json"
if check "validate good" 0 $ef config validate "$tmp/good.json"; then ok "config validate accepts a good file"; else bad "config validate accepts a good file" "$tmp/out"; fi
echo '{"detection":{"score_threshold":7,"max_faces":"x"},"nope":1}' > "$tmp/bad.json"
if check "validate bad" 1 $ef config validate --json "$tmp/bad.json" && grep -q detection.score_threshold "$tmp/out" && grep -q detection.max_faces "$tmp/out" && grep -q '"nope"' "$tmp/out"; then
  ok "config validate lists every problem"; else bad "config validate lists every problem" "$tmp/out"; fi
for p in "$root"/device-configs/*.json; do
  [ -f "$p" ] || continue
  if check "profile" 0 $ef config validate "$p"; then ok "device profile $(basename "$p") is valid"; else bad "device profile $(basename "$p") is valid" "$tmp/out"; fi
done
if check "run bad config" 2 $ef run --config "$tmp/bad.json" --max-frames 1 && grep -q "score_threshold" "$tmp/err"; then ok "run refuses an invalid config with the reason"; else bad "run refuses an invalid config with the reason" "$tmp/err"; fi

# runtime
if check "providers" 0 $ef providers --json && grep -q '"CPUExecutionProvider"' "$tmp/out" && grep -q '1.32.0' "$tmp/out"; then ok "providers lists ORT 1.32.0 and CPU"; else bad "providers lists ORT 1.32.0 and CPU" "$tmp/out"; fi
if check "cameras" 0 $ef cameras --json && json_lines "$tmp/out"; then ok "cameras --json prints JSON (no camera is fine)"; else bad "cameras --json prints JSON" "$tmp/out"; fi
if check "providers text" 0 $ef providers && grep -q "ONNX Runtime 1.32.0" "$tmp/out" && grep -qi "cpu" "$tmp/out"; then ok "providers prints the library version and providers"; else bad "providers (text)" "$tmp/out"; fi
# set-up refuses what cannot work, with the reason and no half-done install
if check "setup armv7l" 1 env EDGEFACE_ARCH=armv7l "$root/scripts/setup.sh" runtime && grep -q "32-bit ARM is not supported" "$tmp/err"; then ok "set-up refuses 32-bit ARM clearly"; else bad "set-up refuses 32-bit ARM" "$tmp/err"; fi
if check "setup riscv" 1 env EDGEFACE_ARCH=riscv64 "$root/scripts/setup.sh" runtime && grep -q "unsupported architecture 'riscv64'" "$tmp/err"; then ok "set-up names an unsupported architecture"; else bad "set-up names an unsupported architecture" "$tmp/err"; fi
# the library override: a copy of the packaged library is what gets loaded; a missing file is a clear error
ortlib=$(find "$root/.cache/build/edgeface/runtimes" -path '*linux-x64/native/libonnxruntime.so' 2>/dev/null | head -1)
if [ -n "$ortlib" ] && [ "$(uname -m)" = x86_64 ]; then
  mkdir -p "$tmp/ortcopy" && cp "$ortlib" "$tmp/ortcopy/libonnxruntime.so"
  if check "providers override" 0 env EDGEFACE_ORT_LIB="$tmp/ortcopy/libonnxruntime.so" $ef providers --json && grep -q "\"library\":\"$tmp/ortcopy/libonnxruntime.so\"" "$tmp/out"; then ok "EDGEFACE_ORT_LIB picks the ONNX Runtime library that is loaded"; else bad "EDGEFACE_ORT_LIB picks the library" "$tmp/out"; fi
  if check "providers missing override" 1 env EDGEFACE_ORT_LIB="$tmp/none/libonnxruntime.so" $ef providers && grep -q "EDGEFACE_ORT_LIB=$tmp/none/libonnxruntime.so: no such file" "$tmp/err"; then ok "a missing EDGEFACE_ORT_LIB file is a clear error"; else bad "a missing EDGEFACE_ORT_LIB file is a clear error" "$tmp/err"; fi
fi
# bench --report: the device report as Markdown and JSON (few runs: this checks the contract, not the figures)
if check "bench report" 0 timeout 300 $ef bench --runs 20 --threads 1 --source "folder:$root/.cache/demo" --report --out "$tmp/bench" && [ -s "$tmp/bench/device-report.md" ] \
   && grep -q "| model | threads |" "$tmp/bench/device-report.md" && /usr/bin/python3 -c 'import json,sys
r=json.load(open(sys.argv[1]))
assert {m["model"] for m in r["models"]} >= {"kpnet","pfld68"}, r["models"]
p=r["pipeline"]; assert p["frames"] >= 1000 and p["end_to_end_over_ort"] > 1 and p["pipelined"]["over_ort"] > 0.5
assert r["source"].endswith("(4 images)") and p["frame"] == "4 JPEG images", (r["source"], p["frame"])
assert "rss_mb" in r["memory"] and r["landmark_crop"]["speedup"] > 0
c=r["cpu"]; assert c["arch"] in ("x64","arm64") and c["model"] and c["cores"] >= 1 and c["vector_isa"], c
assert r["build"]["form"] in ("framework-dependent","self-contained","nativeaot") and p["pipelined"]["fps"] > 0, (r["build"], p["pipelined"])
assert {"start_c","end_c","throttled_start","throttled_end"} <= set(r["thermal"]), r["thermal"]
assert all(m["cpu_ms_per_call"] > 0 for m in r["models"]), r["models"]
assert p["cpu_ms_per_frame"] > 0 and p["pipelined"]["cpu_ms_per_frame"] > 0 and p["model_calls_cpu_ms_per_frame"] > 0, p
assert 0.3 < p["pipelined"]["cpu_over_model_cpu"] < 10, p["pipelined"]' "$tmp/bench/device-report.json"; then
  ok "bench --report writes the device report (Markdown + JSON)"; else bad "bench --report" "$tmp/err"; fi

# the main job on the built-in default (shipped models; the shipped KPNet is weak, so this checks the contract, not accuracy)
if check "run demo" 0 timeout 180 $ef run --max-frames 12 && json_lines "$tmp/out" && grep -q "first frame processed" "$tmp/err" \
   && /usr/bin/python3 -c 'import json,sys
ev=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert all(e["type"] in ("new","update","end") and len(e["box"])==4 and len(e["keypoints"])==5 for e in ev), ev
assert all(len(e.get("landmarks",[]))==68 for e in ev if e["type"]!="end")
seqs=[e["seq"] for e in ev]; assert seqs==sorted(seqs) and len(set(seqs))==len(seqs)' "$tmp/out"; then
  ok "run (built-in demo) processes frames and emits well-formed events"; else bad "run (built-in demo)" "$tmp/err"; fi

# under systemd (JOURNAL_STREAM set) log lines carry journald priority prefixes and no timestamp of their own
if JOURNAL_STREAM=8:12345 check "journald format" 0 timeout 120 $ef run --max-frames 2 && grep -q '^<6>daemon: ' "$tmp/err" \
   && ! grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' "$tmp/err"; then ok "log lines use journald priority prefixes under systemd"; else bad "journald log format" "$tmp/err"; fi

# detect with the shipped models: one line per image, corrupt files reported, the run goes on
cp "$root/.cache/demo/astronaut.png" "$tmp/astronaut.png"; printf '\xff\xd8\xff\xe0garbage' > "$tmp/broken.jpg"
if check "detect" 0 $ef detect "$tmp/astronaut.png" "$tmp/broken.jpg" && json_lines "$tmp/out" \
   && /usr/bin/python3 -c 'import json,sys
d=[json.loads(l) for l in open(sys.argv[1])]
a=d[0]; assert a["file"]=="astronaut.png" and a["width"]==512 and a["height"]==512 and "timings_ms" in a
assert all(len(f["keypoints"])==5 and len(f["landmarks"])==68 for f in a["faces"])
assert d[1]["file"]=="broken.jpg" and "error" in d[1]' "$tmp/out"; then
  ok "detect prints one JSON line per image and reports a corrupt image"; else bad "detect output contract" "$tmp/out"; fi

# a wrong model is a clear error naming the file, not a stack trace (detect and bench load models the same way)
echo '{"format":1,"name":"nope","task":"detector","decoder":"kpnet","file":"missing.onnx"}' > "$tmp/missing-model.json"
if check "detect bad model" 1 $ef detect --detector "$tmp/missing-model.json" "$tmp/astronaut.png" && grep -q "missing" "$tmp/err" \
   && ! grep -q "   at " "$tmp/err"; then ok "detect with a broken model manifest names it and exits 1"; else bad "detect with a broken model manifest" "$tmp/err"; fi

# accuracy of the runtime with a detector people bring (the YuNet teacher, only where ../shared exists)
shared="$root/../shared/teachers"
if [ -f "$shared/yunet_n_320_320.onnx" ]; then
  # the example manifest users copy beside their YuNet file, pointed at the teacher
  sed "s|\"yunet_n_320_320.onnx\"|\"$shared/yunet_n_320_320.onnx\"|" "$root/docs/examples/yunet-n.json" > "$tmp/yunet.json"
  if check "detect yunet" 0 $ef detect --detector "$tmp/yunet.json" "$tmp/astronaut.png" && /usr/bin/python3 -c 'import json,sys
a=json.loads(open(sys.argv[1]).readline()); f=a["faces"]; assert len(f)==1, f
x,y,w,h=f[0]["box"]; assert 150<x+w/2<300 and 80<y+h/2<200, f[0]["box"]
assert len(f[0]["landmarks"])==68' "$tmp/out"; then ok "detect with a YuNet manifest finds the astronaut's face (+68 landmarks)"; else bad "detect with a YuNet manifest" "$tmp/out"; fi
else
  echo "  skip detect with the YuNet teacher (../shared absent)"; skip=$((skip + 1))
fi
if check "detect folder" 0 $ef detect "$root/.cache/demo" && [ "$(wc -l < "$tmp/out")" -ge 4 ]; then ok "detect takes a folder"; else bad "detect takes a folder" "$tmp/out"; fi

# MQTT end to end with a real broker: events, retained status, remote configuration (valid, local-only, invalid)
if command -v mosquitto >/dev/null && command -v mosquitto_sub >/dev/null; then
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mosquitto -p "$port" >"$tmp/mosq.log" 2>&1 & mpid=$!
  sleep 0.5
  timeout 40 mosquitto_sub -p "$port" -t 'edgeface/cli1/#' -t 'homeassistant/#' -v > "$tmp/sub.txt" 2>&1 & spid=$!
  # The file holds local-only values in every section a remote request could try to delete (issue 12, item 1).
  echo '{"profile":"none","detection":{"max_fps":0},"models":{"directory":"'"$root"'/models-int8"},
    "mqtt":{"stats_interval_s":5,"tls":{"server_name":"broker.lan"},"outbox":{"path":"'"$tmp"'/outbox"}},
    "metrics":{"bind":"127.0.0.1","port":9464},
    "gpio":{"backend":"log","outputs":[{"name":"lamp","line":1,"hold_ms":300}]}}' > "$tmp/remote.json"
  cp "$tmp/remote.json" "$tmp/remote.before.json"
  timeout 40 $ef run --config "$tmp/remote.json" --mqtt "mqtt://127.0.0.1:$port" --device-id cli1 > "$tmp/mqtt-run.out" 2> "$tmp/mqtt-run.err" & dpid=$!
  for i in $(seq 1 60); do grep -q "edgeface/cli1/status online" "$tmp/sub.txt" && break; sleep 0.5; done
  # Every route to a local-only value: null on it or on an ancestor, a parent replaced, the broker switched off, and
  # the derived outbox path. Each must be refused, and the file must not change at all.
  hostile=('{"mqtt":null}' '{"mqtt":{"tls":null}}' '{"mqtt":{"outbox":null}}' '{"models":null}' '{"metrics":null}'
           '{"mqtt":{"tls":"none"}}' '{"mqtt":{"enabled":false}}' '{"mqtt":{"outbox":{"effective_path":"/tmp/elsewhere"}}}')
  for i in "${!hostile[@]}"; do
    mosquitto_pub -p "$port" -t edgeface/cli1/request/config/set -m "${hostile[$i]%\}},\"transaction\":\"t-hostile-$i\"}"
  done
  last=$(( ${#hostile[@]} - 1 ))
  for i in $(seq 1 40); do grep '/response/' "$tmp/sub.txt" | grep -q "\"t-hostile-$last\"" && break; sleep 0.5; done
  cp "$tmp/remote.json" "$tmp/remote.after-hostile.json"
  # Malformed requests get a validation error, not "internal error" with a stack trace (issue 12, item 7)
  mosquitto_pub -p "$port" -t edgeface/cli1/request/config/set -m '{"tracker":{"end_after_ms":800,"end_after_ms":700},"transaction":"t-dup"}'
  printf '{"camera_name":"door\xc3\x28","transaction":"t-utf8"}' > "$tmp/bad-utf8.json"
  mosquitto_pub -p "$port" -t edgeface/cli1/request/config/set -f "$tmp/bad-utf8.json"
  mosquitto_pub -p "$port" -t edgeface/cli1/request/config/set -m '{"tracker":{"end_after_ms":900},"transaction":"t-ok"}'
  mosquitto_pub -p "$port" -t edgeface/cli1/request/config/set -m '{"source":"file:/etc/shadow","transaction":"t-local"}'
  mosquitto_pub -p "$port" -t edgeface/cli1/request/config/set -m '{"detection":{"max_faces":0,"nope":1},"transaction":"t-bad"}'
  mosquitto_pub -p "$port" -t edgeface/cli1/request/config/set -m '{"models":{"detector":"missing-model.json"},"transaction":"t-rollback"}'
  for i in $(seq 1 60); do grep '/response/' "$tmp/sub.txt" | grep -q '"t-rollback"' && break; sleep 0.5; done
  mosquitto_pub -p "$port" -t edgeface/cli1/request/health -m '{"transaction":"t-health"}'
  mosquitto_pub -p "$port" -t edgeface/cli1/request/config/get -m '{"transaction":"t-get"}'
  mosquitto_pub -p "$port" -t edgeface/cli1/request/restart -m '{"transaction":"t-restart"}'
  # topic options apply live: the landmark stream starts without a restart
  mosquitto_pub -p "$port" -t edgeface/cli1/request/config/set -m '{"mqtt":{"landmarks_stream":{"enabled":true}},"transaction":"t-lm"}'
  # a GPIO-only change replaces the GPIO service; the running pipeline must drive the new one
  mosquitto_pub -p "$port" -t edgeface/cli1/request/config/set -m '{"gpio":{"backend":"log","outputs":[{"name":"porch","line":2,"hold_ms":300}]},"transaction":"t-gpio"}'
  mosquitto_pub -p "$port" -t edgeface/cli1/request/config/set -m '{"gpio":{"outputs":[{"name":"evil","chip":"/etc/passwd","line":1}]},"transaction":"t-chip"}'
  for i in $(seq 1 40); do grep -q "output 'porch' -> active" "$tmp/mqtt-run.err" && grep '/response/' "$tmp/sub.txt" | grep -q '"t-chip"' \
    && grep -q '^edgeface/cli1/stats ' "$tmp/sub.txt" && grep -q '^edgeface/cli1/landmarks ' "$tmp/sub.txt" \
    && grep '/response/' "$tmp/sub.txt" | grep -q '"t-restart"' && break; sleep 0.5; done
  kill "$dpid" 2>/dev/null; wait "$dpid" 2>/dev/null; sleep 1; kill "$spid" "$mpid" 2>/dev/null
  grep "/response/" "$tmp/sub.txt" > "$tmp/responses.txt"; cp "$tmp/responses.txt" "$tmp/mqtt-run.err" "$tmp/sub.txt" "$root/.cache/" 2>/dev/null
  # One grep each, stopping at the first match (with pipefail, "grep | head -1" fails when head exits before grep
  # has written everything), and -a: a line is wanted even if some other message made grep think the file is binary.
  resp() { grep -a -m1 "^edgeface/cli1/response/$1 .*\"$2\"" "$tmp/sub.txt"; }
  if grep -q "^edgeface/cli1/status online" "$tmp/sub.txt" && grep -q '^edgeface/cli1/config {' "$tmp/sub.txt"; then ok "mqtt: status online and redacted config published"; else bad "mqtt: status/config" "$tmp/sub.txt"; fi
  if resp config/set t-ok | grep -q '"status":"ok"' && grep -q '"end_after_ms": 900' "$tmp/remote.json"; then ok "mqtt: config/set applies and persists the file atomically"; else bad "mqtt: config/set ok" "$tmp/sub.txt"; fi
  if resp config/set t-local | grep -q '"status":"error"' && grep -q "refused remote change of local-only settings: source" "$tmp/mqtt-run.err" && ! grep -q shadow "$tmp/remote.json"; then ok "mqtt: local-only setting refused and logged"; else bad "mqtt: local-only refusal" "$tmp/sub.txt"; fi
  refused=0; for i in "${!hostile[@]}"; do resp config/set "t-hostile-$i" | grep -q '"status":"error"' && refused=$((refused + 1)); done
  if [ "$refused" -eq "${#hostile[@]}" ] && cmp -s "$tmp/remote.before.json" "$tmp/remote.after-hostile.json" \
     && grep -q "refused remote change of local-only settings: mqtt.enabled, mqtt.outbox.path" "$tmp/mqtt-run.err"; then
    ok "mqtt: null, a replaced parent or a switched-off broker cannot touch local-only settings; the file is unchanged"
  else bad "mqtt: local-only guard ($refused of ${#hostile[@]} refused; file diff below)" <(diff "$tmp/remote.before.json" "$tmp/remote.after-hostile.json"; grep -a 't-hostile' "$tmp/sub.txt"); fi
  if resp config/set t-dup | grep -q '"status":"error"' && resp config/set t-dup | grep -qi 'duplicate' \
     && resp config/set t-utf8 | grep -q '"status":"error","error":"payload is not valid UTF-8' \
     && ! grep -q 'internal error\|   at ' "$tmp/mqtt-run.err"; then
    ok "mqtt: duplicate keys and invalid UTF-8 in a request get a validation error, no internal error"
  else bad "mqtt: malformed requests" <(grep -a 'response/config/set' "$tmp/sub.txt" | head -3; grep -a -m5 'internal error\|   at ' "$tmp/mqtt-run.err"); fi
  if resp config/set t-bad | grep -q 'detection.max_faces' && resp config/set t-bad | grep -q 'detection.nope'; then ok "mqtt: invalid config/set lists every invalid field"; else bad "mqtt: invalid config/set" "$tmp/responses.txt"; fi
  if resp config/set t-rollback | grep -q 'rolled back' && ! grep -q missing-model "$tmp/remote.json"; then ok "mqtt: a model change that fails to start is rolled back"; else bad "mqtt: rollback" "$tmp/responses.txt"; fi
  if resp health t-health | grep -q '"camera":"streaming"'; then ok "mqtt: health answers with camera state"; else bad "mqtt: health" "$tmp/sub.txt"; fi
  if grep -q '^homeassistant/' "$tmp/sub.txt"; then ok "mqtt: Home Assistant discovery published"; else bad "mqtt: HA discovery" "$tmp/sub.txt"; fi
  if resp restart t-restart | grep -q '"status":"ok"' && resp restart t-restart | grep -q '"camera":"streaming"'; then ok "mqtt: restart rebuilds the stages and answers ok"; else bad "mqtt: restart" "$tmp/responses.txt"; fi
  if resp config/get t-get | grep -q '"detection"' && ! resp config/get t-get | grep -q '"password":"[^*]'; then ok "mqtt: config/get answers with the (redacted) configuration"; else bad "mqtt: config/get" "$tmp/responses.txt"; fi
  if resp config/set t-gpio | grep -q '"status":"ok"' && grep -q "output 'porch' -> active" "$tmp/mqtt-run.err"; then ok "mqtt: a remote GPIO change drives the new lines from the running pipeline"; else bad "mqtt: remote GPIO change" "$tmp/mqtt-run.err"; fi
  if resp config/set t-chip | grep -q '"status":"error"' && resp config/set t-chip | grep -q 'not a GPIO chip device'; then ok "mqtt: a GPIO chip path outside /dev/gpiochipN is refused"; else bad "mqtt: GPIO chip path" "$tmp/responses.txt"; fi
  if resp config/set t-lm | grep -q '"status":"ok"' && ! resp config/set t-lm | grep -q '"restart_required":true' \
     && grep -a -m1 '^edgeface/cli1/landmarks ' "$tmp/sub.txt" | grep -q '"landmarks"'; then ok "mqtt: landmark stream switched on live by config/set"; else
    bad "mqtt: landmark stream" "$tmp/mqtt-run.err"; cut -d' ' -f1 "$tmp/sub.txt" | sort | uniq -c | sed 's/^/       /'
    grep -a -m1 '^edgeface/cli1/landmarks ' "$tmp/sub.txt" | cut -c1-300 | sed 's/^/       first: /'; fi
  if grep -a -m1 '^edgeface/cli1/stats ' "$tmp/sub.txt" | grep -q '"execution_provider"'; then ok "mqtt: stats carry the active execution provider"; else bad "mqtt: stats" "$tmp/sub.txt"; fi
else
  echo "  skip mqtt end to end (mosquitto not installed)"; skip=$((skip + 1))
fi

# Home Assistant presence over a slideshow at 5 fps: slides of 15 frames alternate a face (astronaut) and none (coffee);
# every 5th frame of a face slide shows no face, as a missed detection would. Presence must change at most once per
# real change of slide. The control run without an off delay shows that the gaps really do reach the detector.
if command -v mosquitto >/dev/null && command -v mosquitto_sub >/dev/null; then
  slides=$tmp/slideshow; mkdir -p "$slides"
  for s in $(seq 0 7); do for f in $(seq 0 14); do
    img=coffee.png; [ $((s % 2)) -eq 0 ] && [ $((f % 5)) -ne 2 ] && img=astronaut.png
    ln -s "$root/.cache/demo/$img" "$slides/$(printf '%02d-%02d' "$s" "$f").png"
  done; done
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  mosquitto -p "$port" >"$tmp/mosq-slides.log" 2>&1 & mpid=$!
  sleep 0.5
  presence_run() {   # NAME OFF_DELAY_MS FRAMES: prints the presence values the broker saw, one a line
    echo '{"profile":"none","models":{"directory":"'"$root"'/models-int8"},"mqtt":{"outbox":{"path":"'"$tmp/outbox-$1"'"},
      "home_assistant":{"presence_off_delay_ms":'"$2"'}}}' > "$tmp/slides-$1.json"
    timeout 80 mosquitto_sub -p "$port" -t "edgeface/$1/presence" > "$tmp/presence-$1.txt" 2>&1 & local sp=$!
    sleep 0.3
    timeout 70 $ef run --config "$tmp/slides-$1.json" --source "folder:$slides?fps=5" --max-frames "$3" \
      --mqtt "mqtt://127.0.0.1:$port" --device-id "$1" > /dev/null 2> "$tmp/slides-$1.err"
    sleep 1; kill "$sp" 2>/dev/null; wait "$sp" 2>/dev/null
  }
  changes() { awk 'NR > 1 && $0 != prev { n++ } { prev = $0 } END { print n + 0 }' "$1"; }
  presence_run slides 1000 120   # 8 slides: 7 real changes
  presence_run raw 0 30          # 2 slides: 1 real change, 3 gaps in the face slide
  kill "$mpid" 2>/dev/null
  debounced=$(changes "$tmp/presence-slides.txt"); raw=$(changes "$tmp/presence-raw.txt")
  if [ "$debounced" -le 7 ] && [ "$debounced" -ge 5 ] && [ "$(head -1 "$tmp/presence-slides.txt")" = ON ]; then
    ok "ha: presence over a 5 fps slideshow changed $debounced times for 7 real changes (off delay 1 s)"
  else bad "ha: presence over a slideshow changed $debounced times for 7 real changes" "$tmp/presence-slides.txt"; fi
  if [ "$raw" -gt 1 ]; then ok "ha: control without off delay: $raw changes for 1 real change (the gaps reach presence)"
  else bad "ha: control without off delay changed $raw times (the slideshow's gaps did not show)" "$tmp/slides-raw.err"; fi
else
  echo "  skip ha slideshow (mosquitto not installed)"; skip=$((skip + 1))
fi

# A plain `dotnet publish` (no runtime identifier, as a user building from source might run it) carries only Linux
# natives: ONNX Runtime's package also ships Windows, macOS, Android and iOS binaries (Directory.Build.targets drops them).
[ -x "$HOME/.dotnet/dotnet" ] && ! command -v dotnet >/dev/null && export PATH="$HOME/.dotnet:$PATH"
if dotnet publish "$root/src/EdgeFace/EdgeFace.csproj" -c Release -o "$tmp/pub" --nologo -v quiet -clp:ErrorsOnly >"$tmp/pub.log" 2>&1; then
  foreign=$(cd "$tmp/pub" && find . -type f \( -path './runtimes/*' ! -path './runtimes/linux-*' -o -name '*.dylib' -o -name '*.aar' -o -name '*.lib' \) | head -5)
  linux=$(cd "$tmp/pub" && ls runtimes/linux-x64/native/libonnxruntime.so runtimes/linux-arm64/native/libonnxruntime.so 2>/dev/null | wc -l)
  if [ -z "$foreign" ] && [ "$linux" -eq 2 ] && dotnet "$tmp/pub/edgeface.dll" providers 2>&1 | grep -q 'active: cpu'; then
    ok "plain dotnet publish holds only linux natives ($(du -sh "$tmp/pub" | cut -f1)) and runs"
  else bad "plain dotnet publish: foreign natives [$foreign], linux ORT libraries $linux of 2" "$tmp/pub.log"; fi
else bad "plain dotnet publish builds" "$tmp/pub.log"; fi
rm -rf "$tmp/pub"

# A CUDA build of ONNX Runtime put in place by EDGEFACE_ORT_LIB, as a GPU user would (scripts/fetch-ort-gpu.sh, docs/gpu.md):
# it lists TensorRT and CUDA, which cannot start on this machine (no NVIDIA libraries). Each falls back with exactly one
# warning naming the missing library, for both models together, and no raw ONNX Runtime error lines reach the log.
if [ "$(uname -m)" != x86_64 ]; then echo "  skip GPU-build fallback (the CUDA package is x86-64 only)"; skip=$((skip + 1))
elif ! gpulib=$("$root/scripts/fetch-ort-gpu.sh" 2>"$tmp/gpu-fetch.log"); then
  echo "  skip GPU-build fallback (could not fetch the CUDA package: $(tail -1 "$tmp/gpu-fetch.log"))"; skip=$((skip + 1))
else
  echo '{"source":"demo","inference":{"providers":["tensorrt","cuda","cpu"]}}' > "$tmp/gpu.json"
  EDGEFACE_ORT_LIB=$gpulib "$ef" providers --json > "$tmp/gpu-providers.json" 2>&1
  EDGEFACE_ORT_LIB=$gpulib timeout 120 "$ef" run --config "$tmp/gpu.json" --max-frames 5 > "$tmp/gpu-run.out" 2> "$tmp/gpu-run.err"; rc=$?
  warn_trt=$(grep -c "execution provider 'tensorrt' failed to start (.*libcublas.*); skipped for every model, next: cuda" "$tmp/gpu-run.err")
  warn_cuda=$(grep -c "execution provider 'cuda' failed to start (.*libcublas.*); skipped for every model, next: cpu" "$tmp/gpu-run.err")
  raw=$(grep -c 'onnxruntime_src\|\[E:onnxruntime' "$tmp/gpu-run.err")
  if [ "$rc" -eq 0 ] && grep -q '"CUDAExecutionProvider"' "$tmp/gpu-providers.json" && grep -q '"library_override":true' "$tmp/gpu-providers.json" \
     && [ "$warn_trt" -eq 1 ] && [ "$warn_cuda" -eq 1 ] && [ "$raw" -eq 0 ] && grep -q '"type":"new"' "$tmp/gpu-run.out"; then
    ok "GPU build via EDGEFACE_ORT_LIB: TensorRT and CUDA listed, one warning each, CPU carries both models"
  else bad "GPU build fallback (exit $rc; tensorrt warnings $warn_trt, cuda $warn_cuda, raw ORT lines $raw)" <(cat "$tmp/gpu-providers.json"; head -12 "$tmp/gpu-run.err"); fi
fi

# An ONNX Runtime older than the binding (a vendor build put in by EDGEFACE_ORT_LIB): a clear one-line error naming
# the version needed and the way back, exit 1, no .NET stack trace. 1.30.0 is the newest release the binding refuses.
old_ort=${EDGEFACE_CACHE:-$root/.cache}/ort-old/1.30.0/runtimes/linux-x64/native/libonnxruntime.so
if [ "$(uname -m)" = x86_64 ] && [ ! -f "$old_ort" ]; then
  d=${old_ort%/runtimes/*}; mkdir -p "$d"
  curl -fsSL --retry 2 -o "$d/p.nupkg" https://api.nuget.org/v3-flatcontainer/microsoft.ml.onnxruntime/1.30.0/microsoft.ml.onnxruntime.1.30.0.nupkg 2>"$tmp/old-ort.log" \
    && unzip -q -o "$d/p.nupkg" 'runtimes/linux-x64/native/*' -d "$d" 2>>"$tmp/old-ort.log"; rm -f "$d/p.nupkg"
fi
if [ ! -f "$old_ort" ]; then echo "  skip older ONNX Runtime refused (no x86-64 ONNX Runtime 1.30.0 package could be fetched)"; skip=$((skip + 1))
else
  EDGEFACE_ORT_LIB=$old_ort "$ef" providers > "$tmp/old.out" 2> "$tmp/old.err"; rc=$?
  if [ "$rc" -eq 1 ] && grep -q "is too old for EdgeFace's ONNX Runtime binding .*use ONNX Runtime 1.31 or newer.*unset EDGEFACE_ORT_LIB" "$tmp/old.err" \
     && ! grep -q '   at \|Unhandled exception' "$tmp/old.err"; then ok "an ONNX Runtime older than the binding is refused with the version it needs"
  else bad "older ONNX Runtime (exit $rc)" "$tmp/old.err"; fi
fi

echo "cli: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
