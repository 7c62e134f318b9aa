#!/usr/bin/env bash
# Runs every test, the slow browser and stack tests included, and prints one closing "N passed, N failed" line.
# Extra arguments go to `dotnet test` (e.g. --filter "Category!=Browser").
set -uo pipefail
cd "$(dirname "$0")/.."
results="$(mktemp -d)"
dotnet test FunAsr.Tests/FunAsr.Tests.csproj --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?
trx="$results/results.trx"
if [ -f "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  notrun=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  echo "${passed:-0} passed, ${failed:-0} failed, ${notrun:-0} skipped"
fi
exit $status
