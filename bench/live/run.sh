#!/usr/bin/env bash
# Live-caption latency from the end of the last word: starts the ASR service on a free port, streams a lecture at
# real-time speed with bench/live/FunAsr.LiveBench and prints, per final caption, the time from the end of the
# utterance's last word (found in the audio) and from the segment end the service reports.
#   bash bench/live/run.sh            real speech (LibriVox clips with 1.5 s pauses) on the full-size SenseVoiceSmall
#                                     int8 replica (bench/make_fullsize_sensevoice.py --int8 --sherpa) when it exists
#   bash bench/live/run.sh tones      tone words on the known-answer model (the pipeline without model cost)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out/live; mkdir -p "$out"
silence() { sox -n -r 16000 -c 1 -b 16 "$out/s$1.wav" trim 0 "$2"; }
silence p 0.3; silence l 1.5
model=models/testing/known-answer
librivox=/usr/share/pocketsphinx/test/data/librivox
if [ "${1:-speech}" = tones ] || [ ! -d "$librivox" ]; then
  tone() { sox -n -r 16000 -c 1 -b 16 "$out/t$1.wav" synth 0.24 sine "$2" fade q 0.005 0.24 0.005 vol 0.3; }
  tone a 279.3; tone b 374.0; tone c 477.9; tone d 1547.3; tone e 1764.6
  parts=()
  for _ in 1 2 3 4; do parts+=("$out/sp.wav" "$out/ta.wav" "$out/tb.wav" "$out/tc.wav" "$out/sl.wav" "$out/td.wav" "$out/te.wav" "$out/sl.wav"); done
else
  parts=("$out/sp.wav")
  for wav in "$librivox"/*.wav; do parts+=("$wav" "$out/sl.wav"); done
  [ -f bench/out/sensevoice-fullsize-sherpa/model.int8.onnx ] && model=bench/out/sensevoice-fullsize-sherpa
fi
sox "${parts[@]}" "$out/lecture.wav"
for project in FunAsr.AsrService bench/live/FunAsr.LiveBench; do dotnet build -c Release "$project" -v q -nologo >/dev/null; done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
echo "model $model, threads ${THREADS:-2}, $(soxi -D "$out/lecture.wav") s of audio"
ASPNETCORE_URLS="http://127.0.0.1:$port" Asr__Model__Path="$PWD/$model" Asr__Inference__PreferQuantized=true \
  Asr__Inference__IntraOpThreads="${THREADS:-2}" dotnet FunAsr.AsrService/bin/Release/net10.0/FunAsr.AsrService.dll >"$out/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
dotnet bench/live/FunAsr.LiveBench/bin/Release/net10.0/FunAsr.LiveBench.dll "ws://127.0.0.1:$port/api/asr/stream" "$out/lecture.wav"
