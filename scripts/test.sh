#!/usr/bin/env bash
# The one test command (README): build and test the whole solution in Release (TRX files and the full
# log under artifacts/test-results/), then print one final line "N passed, N failed".
# Exits non-zero when the build failed or any test failed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium, PostgreSQL and Prometheus, when missing (the tests start their own servers).
scripts/install-test-deps.sh

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

status=0
dotnet test ForgeScheduler.sln -c Release --logger trx --results-directory "$results" 2>&1 \
    | tee "$results/dotnet-test.log" || status=$?

# Sum the per-assembly summary lines ("Failed!  - Failed:  6, Passed:  35, Skipped: 0, Total: 41, …").
# They are one per test assembly whatever happens to TRX file names (timestamped to the second, so two
# assemblies finishing together could share one); the TRX files stay in $results for CI to publish.
passed=0
failed=0
assemblies=0
while IFS= read -r line; do
    assemblies=$((assemblies + 1))
    f=$(sed -n 's/.*Failed: *\([0-9]*\),.*/\1/p' <<<"$line")
    p=$(sed -n 's/.*Passed: *\([0-9]*\),.*/\1/p' <<<"$line")
    failed=$((failed + ${f:-0}))
    passed=$((passed + ${p:-0}))
done < <(grep -E '^(Passed|Failed)! +- +Failed: ' "$results/dotnet-test.log" || true)

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # dotnet test failed but no test did: the build broke or a test host crashed.
    echo "dotnet test exited with $status without a failed test ($assemblies test assemblies reported): build or test host failure" >&2
fi
echo "$passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$assemblies" -eq 0 ]; then
    exit 1
fi
