#!/usr/bin/env bash
# Packs the CLI as a .NET tool into ./nupkg and installs it:
#   scripts/forge-tool.sh           local tool (manifest .config/dotnet-tools.json): `dotnet forge …` in this repository
#   scripts/forge-tool.sh --global  global tool: `forge …` anywhere (~/.dotnet/tools must be on PATH)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
echo "forge-tool: packing adapters/ForgeScheduler.Cli into nupkg/ …" >&2
dotnet pack adapters/ForgeScheduler.Cli -c Release -o nupkg -nologo -v quiet -clp:ErrorsOnly
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' adapters/ForgeScheduler.Cli/ForgeScheduler.Cli.csproj | head -1)"
if [ "${1:-}" = "--global" ]; then
  dotnet tool update --global --add-source nupkg ForgeScheduler.Cli --version "$version"
  echo "forge-tool: installed; run: forge --help (with ~/.dotnet/tools on PATH)" >&2
else
  dotnet tool restore --add-source nupkg
  echo "forge-tool: installed; run: dotnet forge --help" >&2
fi
