# Sourced on the host by run.sh and the cases' build steps (NAME.build.sh): builds a .NET program the guest runs.
# build_program PROJECT NAME   (PROJECT relative to the checkout)
#   x86-64 VM: `dotnet build -c Release`; the guest runs bin/Release/net10.0 with the host's dotnet.
#   arm64 VM (VM_ARCH=arm64): a self-contained linux-arm64 publish into $VM_CACHE/programs/NAME, as the guest's
#   arm64 userland has no dotnet (tests/vm/lib/case-lib.sh finds it there). Skipped while no source, project or
#   props file under src/ or the project's folder is newer than the last publish: an up-to-date `dotnet publish`
#   still costs 30-60 s on a busy 2-core machine, three times per run.
build_program() {
  local project=$EDGEFACE_ROOT/$1 name=$2
  if [ "${VM_ARCH:-x86_64}" = arm64 ]; then
    local stamp=$VM_CACHE/programs/$name.published
    if [ -f "$stamp" ] && [ -z "$(find "$EDGEFACE_ROOT/src" "$(dirname "$project")" "$EDGEFACE_ROOT"/Directory.* \
         \( -name bin -o -name obj \) -prune -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' \) \
         -newer "$stamp" -print -quit 2>/dev/null)" ]; then
      echo "build_program: $name is up to date ($stamp)"; return 0
    fi
    rm -f "$stamp"
    dotnet publish "$project" -c Release -r linux-arm64 --self-contained -o "$VM_CACHE/programs/$name" --nologo -v quiet -clp:ErrorsOnly \
      && touch "$stamp"
  else
    dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly
  fi
}
