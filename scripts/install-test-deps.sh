#!/usr/bin/env bash
# Installs what the tests need when it is missing (Debian packages): Chromium renders gantt.html,
# PostgreSQL's binaries let the store and cluster tests start their own throw-away server,
# Prometheus + promtool let the metrics tests scrape the service, and faketime moves the clock of the
# second pass. Nothing is started here: each test
# fixture starts (and stops) its own server on a free loopback port.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
{ command -v prometheus >/dev/null && command -v promtool >/dev/null; } || missing+=(prometheus)
# libfaketime: the second test pass runs the clock-sensitive projects with the system clock a year ahead.
command -v faketime >/dev/null || missing+=(faketime)

if [ ${#missing[@]} -gt 0 ]; then
    echo "install-test-deps: installing ${missing[*]}" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
