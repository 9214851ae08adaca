#!/usr/bin/env bash
# Installs EdgeFace as a systemd service from this source checkout. Idempotent: running it again upgrades the
# program and the unit, and never touches an existing /etc/edgeface/config.json.
#
#   sudo deploy/install.sh                     detect the board, build, install, enable and start
#   sudo deploy/install.sh --profile NAME      use device-configs/NAME.json instead of the detected profile
#   sudo deploy/install.sh --prebuilt DIR      install an existing `dotnet publish` output (a framework-dependent one
#                                              needs the .NET 10 runtime; a self-contained one needs no .NET at all)
#   sudo ./deploy/install.sh                   inside an unpacked release bundle (scripts/publish.sh): installs its bin/
#   sudo deploy/install.sh --uninstall [--purge]   stop and remove (--purge also deletes config, state and the user)
#   deploy/install.sh --dry-run                print what would be done, change nothing
#   deploy/install.sh --detect-profile         print the profile this board maps to and exit
#
# DESTDIR=/some/dir installs into a staging tree instead of / (used by the tests and for packaging): no packages,
# users or services are touched then. EDGEFACE_BOARD_ROOT overrides the root that board detection reads.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
destdir=${DESTDIR:-}
prefix=/opt/edgeface
unit_name=edgeface.service

mode=install; dry=0; purge=0; profile=""; prebuilt=""; start=1
while [ $# -gt 0 ]; do
  case $1 in
    --uninstall) mode=uninstall ;;
    --purge) purge=1 ;;
    --dry-run) dry=1 ;;
    --profile) profile=${2:?--profile needs a name}; shift ;;
    --prebuilt) prebuilt=${2:?--prebuilt needs a directory}; shift ;;
    --no-start) start=0 ;;
    --detect-profile) mode=detect ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { echo "install: $*" >&2; }
die() { echo "install: error: $*" >&2; exit 1; }
run() { # runs a command, or only prints it with --dry-run
  if [ "$dry" = 1 ]; then echo "would run: $*" >&2; else "$@"; fi
}
staged() { [ -n "$destdir" ]; }

# --- board → profile (same mapping as src/EdgeFace.Device/Board/BoardDetector.cs; a test keeps them in step) ----
detect_profile() {
  local r=${EDGEFACE_BOARD_ROOT:-/} model="" compat="" arch
  arch=${EDGEFACE_ARCH:-$(uname -m)}
  [ -r "$r/proc/device-tree/model" ] && model=$(tr -d '\0' < "$r/proc/device-tree/model")
  [ -r "$r/proc/device-tree/compatible" ] && compat=$(tr '\0' '\n' < "$r/proc/device-tree/compatible")
  has() { printf '%s\n' "$compat" | grep -qx "$1"; }
  if [ -n "$model$compat" ]; then
    case $model in
      "Raspberry Pi 5"*|"Raspberry Pi Compute Module 5"*) echo raspberry-pi-5; return ;;
      "Raspberry Pi 4"*|"Raspberry Pi 400"*|"Raspberry Pi Compute Module 4"*) echo raspberry-pi-4; return ;;
      "Raspberry Pi Zero 2"*) echo raspberry-pi-zero-2w; return ;;
    esac
    if has brcm,bcm2712; then echo raspberry-pi-5; return; fi
    if has brcm,bcm2711; then echo raspberry-pi-4; return; fi
    if has raspberrypi,model-zero-2-w; then echo raspberry-pi-zero-2w; return; fi
    case $model in *[Oo][Rr][Ii][Nn]\ [Nn][Aa][Nn][Oo]*|*[Oo][Rr][Ii][Nn]\ [Nn][Xx]*) echo jetson-orin-nano; return ;; esac
    if has nvidia,p3767; then echo jetson-orin-nano; return; fi
    if has rockchip,rk3588 || has rockchip,rk3588s; then echo rockchip-rk3588; return; fi
    case $model in *[Rr][Kk]3588*) echo rockchip-rk3588; return ;; esac
  fi
  case $arch in x86_64|amd64) echo generic-x86-64 ;; *) echo generic-arm64 ;; esac
}

if [ "$mode" = detect ]; then detect_profile; exit 0; fi

# --- uninstall -----------------------------------------------------------------------------------------------------
if [ "$mode" = uninstall ]; then
  [ "$(id -u)" = 0 ] || staged || [ "$dry" = 1 ] || die "run as root (sudo $0 --uninstall)"
  if ! staged && command -v systemctl >/dev/null; then
    run systemctl disable --now "$unit_name" 2>/dev/null || true
  fi
  run rm -f "$destdir/etc/systemd/system/$unit_name"
  run rm -rf "$destdir/etc/systemd/system/$unit_name.d" "$destdir$prefix" "$destdir/etc/udev/rules.d/60-edgeface-gpio.rules"
  if ! staged && command -v systemctl >/dev/null; then run systemctl daemon-reload || true; fi
  if [ "$purge" = 1 ]; then
    run rm -rf "$destdir/etc/edgeface" "$destdir/var/lib/edgeface"
    if ! staged && id edgeface >/dev/null 2>&1; then run userdel edgeface || true; fi
    say "removed EdgeFace, its configuration, state and user"
  else
    say "removed EdgeFace (kept /etc/edgeface and /var/lib/edgeface; --purge deletes them and the user)"
  fi
  exit 0
fi

# --- what to install: a source checkout builds; a release bundle (scripts/publish.sh) brings its program in bin/ ---
[ -z "$prebuilt" ] && [ -f "$repo/BUILD" ] && [ -x "$repo/bin/edgeface" ] && prebuilt=$repo/bin
self_contained=0
if [ -n "$prebuilt" ]; then
  [ -f "$prebuilt/edgeface.dll" ] || die "--prebuilt $prebuilt holds no edgeface.dll (expected a 'dotnet publish src/EdgeFace' output)"
  # A self-contained publish carries the runtime itself (libcoreclr.so beside the program).
  [ -f "$prebuilt/libcoreclr.so" ] && self_contained=1
fi

# ELF e_machine of a file (183 aarch64, 62 x86-64), empty when it is not an ELF file.
elf_machine() {
  [ "$(head -c 4 "$1" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ] || return 0
  od -An -tu2 -j18 -N2 "$1" | tr -d ' '
}

# --- install: checks -----------------------------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || staged || [ "$dry" = 1 ] || die "run as root (sudo $0), or set DESTDIR to stage into a folder"

case ${EDGEFACE_ARCH:-$(uname -m)} in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=aarch64 ;;
  armv7l|armv6l) die "32-bit ARM is not supported: install a 64-bit OS (Raspberry Pi OS 64-bit)" ;;
  *) die "unsupported architecture $(uname -m): EdgeFace runs on x86_64 and aarch64" ;;
esac

[ -n "$profile" ] || profile=$(detect_profile)
profile_file=$repo/device-configs/$profile.json
[ -f "$profile_file" ] || die "no device profile '$profile' (available: $(cd "$repo/device-configs" && ls -- *.json | sed 's/\.json$//' | tr '\n' ' '))"
say "device profile: $profile"

dotnet_hint() {
  cat >&2 <<MSG
install: error: $1
  Install it system-wide the official way (Microsoft's install script), then re-run:

    curl -sSL https://dot.net/v1/dotnet-install.sh | sudo bash -s -- --channel 10.0 $2--install-dir /usr/share/dotnet
    sudo ln -sf /usr/share/dotnet/dotnet /usr/bin/dotnet

MSG
  exit 1
}
dotnet_root=""
if [ "$self_contained" = 1 ]; then
  # No .NET needed; the program's own native code must be for this machine, though.
  case $arch in x86_64) want=62; rid=linux-x64 ;; aarch64) want=183; rid=linux-arm64 ;; esac
  have=$(elf_machine "$prebuilt/edgeface")
  case $have in 62) built=linux-x64 ;; 183) built=linux-arm64 ;; *) built="an unknown machine ($have)" ;; esac
  [ "$have" = "$want" ] || die "$prebuilt is a self-contained build for $built; this machine needs $rid (scripts/publish.sh --rid $rid)"
  say "self-contained build for $rid: no .NET runtime needed"
else
  dotnet_bin=$(command -v dotnet || true)
  [ -n "$dotnet_bin" ] || dotnet_hint "the .NET runtime is not installed (or use a self-contained release bundle, which needs none: scripts/publish.sh, deploy/README.md)" "--runtime dotnet "
  dotnet "--list-runtimes" 2>/dev/null | grep -q '^Microsoft.NETCore.App 10\.' \
    || dotnet_hint "the .NET 10 runtime is missing (found: $(dotnet --list-runtimes 2>/dev/null | awk '{print $2}' | tr '\n' ' '))" "--runtime dotnet "
  dotnet_root=$(dirname "$(readlink -f "$dotnet_bin")")
  case $dotnet_root in
    /root/*|/home/*) staged || dotnet_hint ".NET is installed under $dotnet_root, which the service cannot read (ProtectHome=yes)" "--runtime dotnet " ;;
  esac
fi
if [ -z "$prebuilt" ]; then
  dotnet --list-sdks 2>/dev/null | grep -q '^10\.' \
    || dotnet_hint "building needs the .NET 10 SDK (or pass --prebuilt DIR with a 'dotnet publish' output made elsewhere)" ""
fi

# --- packages (the daemon's run-time Debian packages) ------------------------------------------------------------
if ! staged; then
  missing=()
  while read -r p; do
    [ -n "$p" ] || continue
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done < <(sed 's/#.*//' "$repo/scripts/deps/apt-runtime.txt" | awk 'NF{print $1}')
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    run apt-get update -qq
    run apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

# --- program ---------------------------------------------------------------------------------------------------------
target=$destdir$prefix
staging=$(mktemp -d); trap 'rm -rf "$staging"' EXIT
if [ -n "$prebuilt" ]; then
  say "using prebuilt program from $prebuilt"
  # The official ONNX Runtime package puts its native library next to the program in every RID-specific publish.
  ort=$(ls "$prebuilt"/libonnxruntime.so* 2>/dev/null | head -1) \
    || die "$prebuilt holds no libonnxruntime.so (publish with -r linux-x64 or -r linux-arm64: scripts/publish.sh)"
  say "ONNX Runtime comes with the build ($(basename "$ort"))"
  out=$prebuilt
else
  case $arch in x86_64) rid=linux-x64 ;; aarch64) rid=linux-arm64 ;; esac
  say "building (dotnet publish src/EdgeFace -c Release -r $rid, framework-dependent; carries ONNX Runtime for $rid) ..."
  out=$staging/publish
  run dotnet publish "$repo/src/EdgeFace" -c Release -r "$rid" --self-contained false -o "$out" --nologo -v quiet -clp:ErrorsOnly \
    || die "dotnet publish failed"
fi


say "installing to $target"
run mkdir -p "$target"
if [ "$dry" = 0 ]; then
  # Replace the program files as a whole (removes files an older version had), keeping nothing else there.
  rm -rf "$target.new" && mkdir -p "$target.new"
  cp -a "$out/." "$target.new/"
  if [ -d "$repo/models-int8" ]; then cp -a "$repo/models-int8" "$target.new/models-int8"
  else say "warning: $repo/models-int8 is missing: the service will not find its models"; mkdir -p "$target.new/models-int8"; fi
  cp -a "$repo/device-configs" "$target.new/device-configs"
  [ -f "$repo/README.md" ] && cp "$repo/README.md" "$target.new/README.md"
  chmod -R u=rwX,go=rX "$target.new"
  rm -rf "$target.old"; [ -d "$target" ] && mv "$target" "$target.old"
  mv "$target.new" "$target"; rm -rf "$target.old"
fi

# --- user, groups, udev --------------------------------------------------------------------------------------------
if ! staged; then
  if ! getent group gpio >/dev/null; then
    # Raspberry Pi OS has a gpio group and a udev rule for it; plain Debian has neither.
    say "creating group gpio and a udev rule giving it /dev/gpiochip*"
    run groupadd --system gpio
    run mkdir -p /etc/udev/rules.d
    if [ "$dry" = 0 ]; then
      echo 'SUBSYSTEM=="gpio", KERNEL=="gpiochip*", GROUP="gpio", MODE="0660"' > /etc/udev/rules.d/60-edgeface-gpio.rules
      udevadm control --reload 2>/dev/null && udevadm trigger --subsystem-match=gpio 2>/dev/null || true
    fi
  fi
  getent group video >/dev/null || run groupadd --system video
  if ! id edgeface >/dev/null 2>&1; then
    say "creating system user edgeface"
    run useradd --system --user-group --home-dir /var/lib/edgeface --no-create-home --shell /usr/sbin/nologin edgeface
  fi
  run usermod -a -G video,gpio edgeface
fi

# --- configuration (never overwritten) -------------------------------------------------------------------------
config=$destdir/etc/edgeface/config.json
run mkdir -p "$destdir/etc/edgeface"
if [ -e "$config" ]; then
  say "keeping existing $config (profile file for reference: $prefix/device-configs/$profile.json)"
else
  say "writing $config from profile $profile"
  run install -m 0660 "$profile_file" "$config"
fi
# Remote configuration (config/set) persists accepted changes by writing a temporary file here and renaming it over
# config.json, so the service's group may write the folder (the unit adds it to ReadWritePaths=).
staged || run chgrp edgeface "$destdir/etc/edgeface"
staged || run chmod 0770 "$destdir/etc/edgeface"
[ -e "$config" ] && { staged || run chgrp edgeface "$config"; staged || run chmod g+rw "$config"; }

# --- systemd unit ----------------------------------------------------------------------------------------------------
units=$destdir/etc/systemd/system
run mkdir -p "$units/$unit_name.d"
run install -m 0644 "$here/edgeface.service" "$units/$unit_name"
if [ "$dry" = 0 ] && [ "$self_contained" = 1 ]; then
  printf '# Written by deploy/install.sh for this machine: a self-contained build, no .NET runtime.\n[Service]\n' \
    > "$units/$unit_name.d/10-install.conf"
elif [ "$dry" = 0 ]; then
  printf '# Written by deploy/install.sh for this machine.\n[Service]\nEnvironment=DOTNET_ROOT=%s\n' "$dotnet_root" \
    > "$units/$unit_name.d/10-install.conf"
fi

if staged; then
  say "staged into $destdir (no service enabled: DESTDIR is set)"
elif ! command -v systemctl >/dev/null || [ ! -d /run/systemd/system ]; then
  say "systemd is not running here: start it yourself with $prefix/edgeface run --config /etc/edgeface/config.json"
else
  run systemctl daemon-reload
  run systemctl enable "$unit_name"
  if [ "$start" = 1 ]; then
    run systemctl restart "$unit_name"
    say "started: see 'systemctl status edgeface' and 'journalctl -u edgeface -f'"
  fi
fi
say "done"
