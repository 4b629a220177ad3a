#!/usr/bin/env bash
# Runs the metrics tests against a real Prometheus (installs Debian's prometheus package if missing).
# The tests start and stop their own Prometheus on a free loopback port; nothing is left running.
#   scripts/prometheus-test.sh            # all metrics tests
#   scripts/prometheus-test.sh RealPrometheus   # only the real-Prometheus ones
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
fi
promtool check config dashboards/prometheus.yml

filter=()
if [ $# -gt 0 ]; then filter=(--filter "FullyQualifiedName~$1"); fi
dotnet test tests/ForgeScheduler.Metrics.Tests "${filter[@]}" --logger "console;verbosity=normal"
