#!/usr/bin/env bash
# RTF on a CUDA machine for SenseVoiceSmall (fp32, the sherpa-onnx layout) and Fun-ASR-Nano (int8, the sherpa-onnx
# archive layout) at batch 1 and 8, full-size random-weight replicas, LibriVox audio. Prepared so a lent GPU's minutes
# go to measuring: it checks everything first and stops at the first thing missing, with the reason.
#   bash bench/gpu/run.sh [THREADS]        (prints one line per figure; timeout it at ~8 min)
# Needs: nvidia-smi and CUDA 13 + cuDNN 9 libraries (ONNX Runtime 1.31's CUDA provider loads libcublasLt.so.13), the
# .NET 10 SDK with Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0 in the NuGet cache (or network), the replicas in bench/out/
# (bench/speed/run.sh makes them; or python3 with torch and onnx here, ~5 min on 16 cores), pocketsphinx-testdata or any
# 16 kHz WAVs in bench/gpu/wavs/.
set -euo pipefail
cd "$(dirname "$0")/../.."
threads=${1:-4}
fail() { echo "bench/gpu: $*" >&2; exit 2; }
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || fail "no nvidia-smi"
command -v dotnet >/dev/null || fail "no dotnet SDK"
wavs=(bench/gpu/wavs/*.wav)
[ -e "${wavs[0]}" ] || wavs=(/usr/share/pocketsphinx/test/data/librivox/*.wav)
[ -e "${wavs[0]}" ] || fail "no WAVs (bench/gpu/wavs/ or pocketsphinx-testdata)"
sv=bench/out/sensevoice-fullsize-sherpa nano=bench/out/sherpa-funasr-nano-int8-fullsize
if [ ! -f "$sv/model.onnx" ]; then
  python3 -c 'import torch, onnx' 2>/dev/null || fail "no $sv and no python3 torch/onnx to make it"
  python3 bench/make_fullsize_sensevoice.py --sherpa
fi
if [ ! -f "$nano/llm.int8.onnx" ]; then
  python3 -c 'import torch, onnx' 2>/dev/null || fail "no $nano and no python3 torch/onnx to make it"
  python3 bench/nano/make_fullsize_nano.py --out "$nano"
fi
# The CUDA build of ONNX Runtime (the device's copy of the tree; rebuild without the flag to go back to CPU).
dotnet build bench/speed/EngineBench -c Release -p:OnnxRuntimeGpu=true -v q -nologo >/tmp/gpu-build.log 2>&1 || { tail -20 /tmp/gpu-build.log; fail "GPU build failed"; }
bench=bench/speed/EngineBench/bin/Release/net10.0/EngineBench.dll
ask() { # kind model extra-args -- commands...: one warm-up, then each command answered as one JSON line
  local kind=$1 model=$2; shift 2; local extra=(); while [ "$1" != -- ]; do extra+=("$1"); shift; done; shift
  printf '%s\n' "$@" rss quit | dotnet "$bench" --kind "$kind" --model "$model" --threads "$threads" --provider cuda "${extra[@]}" "${wavs[@]}" 2>/tmp/gpu-bench.err \
    | grep '^{' || { tail -5 /tmp/gpu-bench.err; fail "$kind run failed"; }
}
rtf() { node -e 'let n=0;require("readline").createInterface({input:process.stdin}).on("line",l=>{const j=JSON.parse(l);
  if(j.ready){console.log(`# ${j.model}`);return}
  if(j.peakRssMb){console.log(`peak RSS ${j.peakRssMb.toFixed(0)} MB`);return}
  if(n++===0)return; // warm-up
  const tok=j.tokens?`, ${(j.tokens/(j.wallMs/1000)).toFixed(1)} tokens/s`:"";
  console.log(`'"$1"' ${process.argv[1]??""}: RTF ${(j.wallMs/1000/j.audioSeconds).toFixed(4)} (${j.segments} utterances, ${j.audioSeconds.toFixed(1)} s audio${tok})`)})' "$2"; }
ask sensevoice "$sv" --batch 1 --repeat 8 -- run run run | rtf "SenseVoice fp32 cuda" "batch 1"
ask sensevoice "$sv" --batch 8 --pad 100 --repeat 8 -- run run run | rtf "SenseVoice fp32 cuda" "batch 8"
ask nano "$nano" --rows 8 --tokens 32 -- "serial 8" "serial 8" "serial 8" | rtf "Nano int8 cuda" "batch 1 (one at a time)"
ask nano "$nano" --rows 8 --tokens 32 -- "concurrent 8" "concurrent 8" "concurrent 8" | rtf "Nano int8 cuda" "batch 8 (8 at once)"
grep -h "CUDA" /tmp/gpu-bench.err | head -1 || true   # the fallback line, if CUDA could not start
