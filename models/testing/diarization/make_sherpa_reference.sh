#!/usr/bin/env bash
# Writes fixtures/sherpa-onnx.json: sherpa-onnx-node 1.13.8's diarization of fixtures/meeting.flac with the same
# known-answer doubles (one entry per embedding contract), the peer FunAsr.Tests/Diarization compares against.
# Needs node, npm and sox; installs sherpa-onnx-node into bench/diarization/node_modules on first use.
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=models/testing/diarization
[ -d bench/diarization/node_modules/sherpa-onnx-node ] || (cd bench/diarization && npm install --no-audit --no-fund >/dev/null)
wav=$(mktemp --suffix=.wav); trap 'rm -f "$wav"' EXIT
sox "$here/fixtures/meeting.flac" "$wav"
{
  echo "{"
  sep=""
  for framework in 3d-speaker wespeaker nemo; do
    printf '%s"%s":' "$sep" "$framework"
    node bench/diarization/compare.mjs "$wav" "$here/kat-segmentation/model.onnx" "$here/kat-$framework/kat-$framework.onnx" 1
    sep=","
  done
  echo "}"
} > "$here/fixtures/sherpa-onnx.json"
echo "wrote $here/fixtures/sherpa-onnx.json"
