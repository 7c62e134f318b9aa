#!/usr/bin/env bash
# The engine against sherpa-onnx-node 1.13.8 on the same full-size random-weight replicas and LibriVox audio, in one run
# (bench/speed/compare.mjs). Makes the replicas once (bench/out/, git-ignored; ~1 h and ~8 GB on a 2-core machine),
# installs sherpa-onnx-node from the lock file on demand, builds EngineBench, then prints markdown tables of medians,
# engine/sherpa ratios, tokens/s and peak RSS. Arguments go to compare.mjs, e.g.
#   bash bench/speed/run.sh --rounds 5 --threads 1,2 --only sensevoice-fp32,sensevoice-int8,nano-int8,nano-batch,load
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d /usr/share/pocketsphinx/test/data/librivox ] || { echo "needs Debian pocketsphinx-testdata (LibriVox clips)" >&2; exit 2; }
if [ ! -f bench/out/sensevoice-fullsize-sherpa/model.int8.onnx ] || [ ! -f bench/out/sensevoice-fullsize/model_quant.onnx ]; then
  /usr/bin/python3 bench/make_fullsize_sensevoice.py --int8 --sherpa
fi
if [ ! -f bench/out/sherpa-funasr-nano-int8-fullsize/llm.int8.onnx ]; then
  /usr/bin/python3 bench/nano/make_fullsize_nano.py --out bench/out/sherpa-funasr-nano-int8-fullsize
fi
[ -d bench/speed/node_modules/sherpa-onnx-node ] || (cd bench/speed && npm ci --no-audit --no-fund --loglevel=error)
dotnet build bench/speed/EngineBench -c Release -v q -nologo >/dev/null
node bench/speed/compare.mjs "$@"
