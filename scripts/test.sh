#!/usr/bin/env bash
# The one test command (README): build and test the whole solution in Release (TRX files and the full
# log under artifacts/test-results/), then run the clock-sensitive test projects a second time with the
# system clock a year ahead (libfaketime), and print one final line "N passed, N failed" over both passes.
# Exits non-zero when the build failed or any test failed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium, PostgreSQL, Prometheus and faketime, when missing (the tests start their own servers).
scripts/install-test-deps.sh

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
started=$SECONDS

status=0
dotnet test ForgeScheduler.sln -c Release --logger trx --results-directory "$results" 2>&1 \
    | tee "$results/dotnet-test.log" || status=$?

# Second pass: the projects whose code asks for "now" (grains, service, simulator, CLI defaults, metrics),
# with the wall clock a year ahead. Every test must take its time from an injected clock, so the date the
# suite runs on cannot matter; this pass keeps it that way. Monotonic time (timeouts, Stopwatch) is left
# alone, and FORCE_MONOTONIC_FIX=0 because libfaketime's fix for it hangs .NET's test host.
if [ "$status" -eq 0 ]; then
    for project in Cluster Api Mes Metrics Cli; do
        FAKETIME_FORCE_MONOTONIC_FIX=0 DONT_FAKE_MONOTONIC=1 faketime -f '+365d' \
            dotnet test "tests/ForgeScheduler.$project.Tests" -c Release --no-build \
            --logger "trx;LogFileName=year-ahead-$project.trx" --results-directory "$results" 2>&1 \
            | sed 's/^\(Passed\|Failed\)!/& (clock +1 year)/' \
            | tee -a "$results/dotnet-test-year-ahead.log" || status=$?
    done
fi

# Sum the per-assembly summary lines ("Failed!  - Failed:  6, Passed:  35, Skipped: 0, Total: 41, …").
# They are one per test assembly and pass whatever happens to TRX file names; the TRX files stay in
# $results for CI to publish.
passed=0
failed=0
assemblies=0
while IFS= read -r line; do
    assemblies=$((assemblies + 1))
    f=$(sed -n 's/.*Failed: *\([0-9]*\),.*/\1/p' <<<"$line")
    p=$(sed -n 's/.*Passed: *\([0-9]*\),.*/\1/p' <<<"$line")
    failed=$((failed + ${f:-0}))
    passed=$((passed + ${p:-0}))
done < <(cat "$results"/dotnet-test*.log | grep -E '^(Passed|Failed)!( \(clock \+1 year\))? +- +Failed: ' || true)

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # dotnet test failed but no test did: the build broke or a test host crashed.
    echo "dotnet test exited with $status without a failed test ($assemblies test assemblies reported): build or test host failure" >&2
fi
echo "test.sh: $assemblies test assembly runs in $((SECONDS - started)) s" >&2
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$assemblies" -eq 0 ]; then
    exit 1
fi
