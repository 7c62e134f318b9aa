#!/usr/bin/env bash
# Live-caption latency: starts the ASR service with the known-answer model on a free port, makes a tone-word
# lecture with sox (three utterances with 1.5 s pauses), streams it at real-time speed and prints the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=bench/out/live; mkdir -p "$out"
tone() { sox -n -r 16000 -c 1 -b 16 "$out/t$1.wav" synth 0.24 sine "$2" fade q 0.005 0.24 0.005 vol 0.3; }
silence() { sox -n -r 16000 -c 1 -b 16 "$out/s$1.wav" trim 0 "$2"; }
tone a 279.3; tone b 374.0; tone c 477.9; tone d 1547.3; tone e 1764.6; silence p 0.3; silence l 1.5
parts=()
for _ in 1 2 3 4; do parts+=("$out/sp.wav" "$out/ta.wav" "$out/tb.wav" "$out/tc.wav" "$out/sl.wav" "$out/td.wav" "$out/te.wav" "$out/sl.wav"); done
sox "${parts[@]}" "$out/lecture.wav"
for project in FunAsr.AsrService bench/live/FunAsr.LiveBench; do dotnet build -c Release "$project" -v q -nologo >/dev/null; done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet FunAsr.AsrService/bin/Release/net10.0/FunAsr.AsrService.dll >"$out/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
dotnet bench/live/FunAsr.LiveBench/bin/Release/net10.0/FunAsr.LiveBench.dll "ws://127.0.0.1:$port/api/asr/stream" "$out/lecture.wav"
