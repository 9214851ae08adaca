#!/usr/bin/env bash
# Runs an arm64 Linux program on this x86-64 machine under qemu-user (platform notes: no binfmt registration, so
# qemu is called explicitly). ONNX Runtime's arm64 library parses /proc/cpuinfo when it loads and crashes on an x86
# one, so the program sees a Cortex-A72 description, bind-mounted in a private mount namespace (needs root, as CI
# runs). The sysroot's libraries (tests/arm64/sysroot.sh) come first on the library path.
#   tests/arm64/emulate.sh SYSROOT PROGRAM [ARGS...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sysroot=$1; shift
# .NET writes JIT code through a second, writable mapping of the executable pages (W^X). qemu-user notices
# self-modifying code only through the page it executes from, so code written at a reused address (freed
# dynamic methods: reflection invoke stubs, expression trees) ran stale translations: seen as random
# TargetException / NullReferenceException deep in long runs. Without W^X the JIT writes in place.
export DOTNET_EnableWriteXorExecute=0
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export LD_LIBRARY_PATH=$sysroot/usr/lib/aarch64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export EDGEFACE_QEMU_CPUINFO=$here/cpuinfo-cortex-a72.txt
exec unshare -m sh -c 'mount --bind "$EDGEFACE_QEMU_CPUINFO" /proc/cpuinfo && exec qemu-aarch64-static -cpu cortex-a72 -L /usr/aarch64-linux-gnu "$@"' emulate "$@"
