#!/usr/bin/env bash
# Precision and recall of sensitive-information detection on the tuning set (the one the detectors were tuned on)
# and on the held-out set (written independently, never tuned on), per type, with every miss and false positive
# listed, then the cost per sentence. Usage: bench/compliance/run.sh [runs=200] [--errors]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-200}
dotnet build -c Release bench/compliance/FunAsr.ComplianceBench -v q -nologo >/dev/null
dotnet bench/compliance/FunAsr.ComplianceBench/bin/Release/net10.0/FunAsr.ComplianceBench.dll \
  FunAsr.Tests/Fixtures/Compliance/tuning FunAsr.Tests/Fixtures/Heldout/compliance --runs "$runs"
