. "$EDGEFACE_ROOT/tests/vm/lib/case-lib.sh"
dir=$VM_OUT/loopback
[ -f $dir/ours.raw ] || exit 0
if line=$($PYTHON - $dir/ours.raw $dir/fed.yuv <<'PY'
import sys, numpy as np
ours = np.fromfile(sys.argv[1], np.uint8); fed = np.fromfile(sys.argv[2], np.uint8)[: 720 * 576 * 2]
same = float(np.mean(np.abs(ours.astype(int) - fed.astype(int)) <= 2)) if ours.size == fed.size else 0.0
print(f"{same:.1%} of bytes match the fed picture within 2 levels ({ours.size} B captured)")
sys.exit(0 if same >= 0.85 else 1)
PY
); then result loopback-content PASS "$line"; else result loopback-content FAIL "$line"; fi
