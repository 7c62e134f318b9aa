#!/usr/bin/env bash
# Peak RSS of the ASR service under four concurrent "hours of silence" uploads next to one normal request.
# Builds this checkout's service and the benchmark, then measures each service dll given (default: this checkout's),
# so an older build can be measured beside it: bash bench/memory/run.sh FunAsr.AsrService/bin/Release/net10.0/FunAsr.AsrService.dll /tmp/old/FunAsr.AsrService.dll
set -euo pipefail
cd "$(dirname "$0")/../.."
for project in FunAsr.AsrService bench/memory/FunAsr.MemoryBench; do dotnet build -c Release "$project" -v q -nologo >/dev/null; done
dotnet bench/memory/FunAsr.MemoryBench/bin/Release/net10.0/FunAsr.MemoryBench.dll "$@"
