#!/usr/bin/env bash
# Release builds of the daemon for one Linux architecture, in both forms, as installable bundles:
#   scripts/publish.sh [--rid linux-arm64|linux-x64] [--form self-contained|framework-dependent|both] [--out DIR]
# Default: linux-arm64, both forms, under artifacts/ (git-ignored). Each bundle is
#   artifacts/edgeface-<version>-<rid>-<form>/   bin/ (the `dotnet publish` output), models-int8/, device-configs/,
#                                                deploy/, scripts/deps/apt-runtime.txt, README.md
#   artifacts/edgeface-<version>-<rid>-<form>.tar.gz
# and `sudo deploy/install.sh` run from inside an unpacked bundle installs its bin/ without building (the
# self-contained form needs no .NET on the device). Only the target's native libraries go in: every ELF file in bin/
# is checked to be for the target machine, and native files of other platforms (.dll/.dylib natives) fail the build.
# Idempotent: a re-run rebuilds incrementally and replaces each bundle as a whole. Prints the bundle folders.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rid=linux-arm64; form=both; out=$root/artifacts
while [ $# -gt 0 ]; do
  case $1 in
    --rid) rid=${2:?--rid needs linux-arm64 or linux-x64}; shift ;;
    --form) form=${2:?--form needs self-contained, framework-dependent or both}; shift ;;
    --out) out=${2:?--out needs a folder}; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "publish: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
say() { echo "publish: $*" >&2; }
die() { echo "publish: error: $*" >&2; exit 1; }
case $rid in
  linux-arm64) machine=183 ;;   # EM_AARCH64
  linux-x64) machine=62 ;;      # EM_X86_64
  *) die "unsupported runtime identifier '$rid' (linux-arm64 or linux-x64; 32-bit ARM is not supported)" ;;
esac
case $form in
  both) forms=(self-contained framework-dependent) ;;
  self-contained|framework-dependent) forms=("$form") ;;
  *) die "unknown form '$form' (self-contained, framework-dependent or both)" ;;
esac
[ -x "$HOME/.dotnet/dotnet" ] && ! command -v dotnet >/dev/null && export PATH="$HOME/.dotnet:$PATH"
command -v dotnet >/dev/null || die "the .NET 10 SDK is needed to build (scripts/setup.sh says how to install it)"
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -1)

# ELF e_machine of a file, or nothing when it is not an ELF file.
elf_machine() {
  [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] || return 0
  od -An -tu2 -j18 -N2 "$1" | tr -d ' '
}

# True for a PE file without a CLI header (a Windows native DLL, e.g. a NuGet package's win-arm64 onnxruntime.dll);
# managed assemblies have data directory 14 (the CLR runtime header) set.
pe_is_native() {
  local f=$1 pe magic dirs
  [ "$(head -c 2 "$f" | od -An -c | tr -d ' ')" = MZ ] || return 1
  pe=$(od -An -tu4 -j60 -N4 "$f" | tr -d ' ')
  magic=$(od -An -tu2 -j$((pe + 24)) -N2 "$f" | tr -d ' ')
  case $magic in 267) dirs=$((pe + 24 + 96)) ;; 523) dirs=$((pe + 24 + 112)) ;; *) return 0 ;; esac   # PE32, PE32+
  [ "$(od -An -tu4 -j$((dirs + 14 * 8)) -N4 "$f" | tr -d ' ')" = 0 ]
}

check_natives() {
  local dir=$1 bad=() f m
  while IFS= read -r -d '' f; do
    m=$(elf_machine "$f")
    if [ -n "$m" ] && [ "$m" != "$machine" ]; then bad+=("${f#"$dir"/} (ELF machine $m)"); fi
  done < <(find "$dir" -type f -print0)
  # Windows and macOS natives have no business in a Linux build (a managed .dll is fine: it starts with MZ too,
  # so tell them apart by the CLI header, which `dotnet` assemblies carry and native DLLs do not).
  while IFS= read -r -d '' f; do bad+=("${f#"$dir"/} (macOS native)"); done < <(find "$dir" -type f -name '*.dylib' -print0)
  while IFS= read -r -d '' f; do
    pe_is_native "$f" && bad+=("${f#"$dir"/} (Windows native)")
  done < <(find "$dir" -type f -iname '*.dll' -print0)
  while IFS= read -r -d '' f; do
    case ${f#"$dir"/} in runtimes/win*|runtimes/osx*) bad+=("${f#"$dir"/} (other platform)") ;; esac
  done < <(find "$dir" -type f -print0)
  [ ${#bad[@]} -eq 0 ] || die "$rid build holds natives for another platform: ${bad[*]}"
}

mkdir -p "$out"
for f in "${forms[@]}"; do
  name=edgeface-$version-$rid-$f
  bundle=$out/$name
  stage=$out/.$name.new
  rm -rf "$stage"; mkdir -p "$stage"
  sc=false; [ "$f" = self-contained ] && sc=true
  say "dotnet publish src/EdgeFace -c Release -r $rid --self-contained $sc"
  dotnet publish "$root/src/EdgeFace" -c Release -r "$rid" --self-contained "$sc" -o "$stage/bin" \
    --nologo -v quiet -clp:ErrorsOnly >&2 || die "dotnet publish failed ($rid, $f)"
  # The Microsoft.ML.OnnxRuntime package puts libonnxruntime.so for $rid into a RID-specific publish.
  ls "$stage/bin"/libonnxruntime.so* >/dev/null 2>&1 || die "$rid publish has no libonnxruntime.so (Microsoft.ML.OnnxRuntime not restored?)"
  check_natives "$stage/bin"
  [ "$(elf_machine "$stage/bin/edgeface")" = "$machine" ] || die "bin/edgeface is not a $rid executable"
  cp -a "$root/models-int8" "$root/device-configs" "$stage/"
  mkdir -p "$stage/deploy" "$stage/scripts/deps"
  cp -a "$root/deploy/install.sh" "$root/deploy/edgeface.service" "$root/deploy/README.md" "$stage/deploy/"
  cp -a "$root/scripts/deps/apt-runtime.txt" "$stage/scripts/deps/"
  cp -a "$root/README.md" "$stage/"
  printf '%s\n' "$version" "$rid" "$f" > "$stage/BUILD"
  rm -rf "$bundle" && mv "$stage" "$bundle"
  tar -C "$out" -czf "$out/$name.tar.gz.tmp" "$name" && mv "$out/$name.tar.gz.tmp" "$out/$name.tar.gz"
  say "$name: $(du -sh "$bundle/bin" | cut -f1) program, $(du -h "$out/$name.tar.gz" | cut -f1) tarball"
  echo "$bundle"
done
