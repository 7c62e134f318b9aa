#!/usr/bin/env bash
# Diarization cost per hour of audio, FunAsr.AsrService against sherpa-onnx-node on the same ONNX files and WAV.
# Synthesises a meeting of about N minutes (espeak-ng + sox with the voices of models/testing/diarization/voices.json,
# four speakers taking turns), runs sherpa-onnx's OfflineSpeakerDiarization (compare.mjs) and FunAsr.DiarizationBench
# on it, and prints time per stage, seconds per hour of audio, and DER of each against the reference and each other.
# Without arguments it uses the known-answer test doubles; pass real models (models/fetch) to measure real cost.
# Usage: bench/diarization/run.sh [minutes=10] [segmentation model] [embedding .onnx] [threads=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-10}
segmentation=${2:-models/testing/diarization/kat-segmentation/model.onnx}
embedding=${3:-models/testing/diarization/kat-3d-speaker/kat-3d-speaker.onnx}
threads=${4:-1}
out=bench/out/diarization; mkdir -p "$out/utterances"
voices=models/testing/diarization/voices.json
field() { node -e "const v=require('./$voices'); const x=$1; process.stdout.write(String(x))"; }

sentences=("the project plan needs one more week" "who is presenting the results today" "I will call the supplier this afternoon"
  "the numbers look better than last month" "we should hire a data engineer" "can you send the draft before lunch"
  "the customer asked for a discount" "our test coverage went up again" "let us postpone the launch party"
  "the printer on the third floor is broken" "I disagree with the new schedule" "the budget review is on thursday")
meeting="$out/meeting-${minutes}min"
if [ ! -f "$meeting.wav" ]; then
  speakers=4; target=$((minutes * 60 * 16000)); position=8000; turn=0; previous=-1
  sox -r 16000 -c 1 -n -b 16 "$out/lead.wav" trim 0 8000s
  parts=("$out/lead.wav"); : > "$meeting.rttm"
  trim="silence 1 0.02 $(field 'v.trimThresholdPercent')%"
  while [ "$position" -lt "$target" ]; do
    voice=$(( (turn * 7 + turn / 3) % speakers )); [ "$voice" -eq "$previous" ] && voice=$(( (voice + 1) % speakers ))
    text=${sentences[$(( (turn * 5) % ${#sentences[@]} ))]}
    file="$out/utterances/v${voice}-$(( (turn * 5) % ${#sentences[@]} )).wav"
    if [ ! -f "$file" ]; then
      espeak-ng -v "$(field "v.voices[$voice].espeak")" -p "$(field "v.voices[$voice].pitch")" -s "$(field 'v.speed')" -w "$out/raw.wav" "$text"
      sox "$out/raw.wav" -r 16000 -c 1 -b 16 "$file" $trim reverse $trim reverse \
        tremolo "$(field "v.voices[$voice].tremoloHz")" "$(field 'v.tremoloDepth')" norm "$(field 'v.normDb')"
    fi
    length=$(soxi -s "$file"); gap=$(( 4800 + (turn * 2654435761 % 8000) ))
    echo "SPEAKER meeting 1 $(node -e "console.log(($position/16000).toFixed(5), ($length/16000).toFixed(5))") <NA> <NA> $(field "v.voices[$voice].name") <NA> <NA>" >> "$meeting.rttm"
    sox -r 16000 -c 1 -n -b 16 "$out/gap$turn.wav" trim 0 "${gap}s"   # the null input at 16 kHz, so that N s means N samples
    parts+=("$file" "$out/gap$turn.wav"); position=$(( position + length + gap )); previous=$voice; turn=$(( turn + 1 ))
  done
  sox "${parts[@]}" "$out/speech.wav"
  sox -r 16000 -c 1 -n -b 16 "$out/noise.wav" synth "$(soxi -D "$out/speech.wav")" whitenoise vol 0.0003
  sox -m "$out/speech.wav" "$out/noise.wav" -b 16 "$meeting.wav"
  rm -f "$out"/gap*.wav "$out/speech.wav" "$out/noise.wav" "$out/raw.wav" "$out/lead.wav"
fi
echo "meeting: $(soxi -D "$meeting.wav") s, $(wc -l < "$meeting.rttm") turns, $(cut -d' ' -f8 "$meeting.rttm" | sort -u | wc -l) speakers"

[ -d bench/diarization/node_modules/sherpa-onnx-node ] || (cd bench/diarization && npm install --no-audit --no-fund >/dev/null)
node bench/diarization/compare.mjs "$meeting.wav" "$segmentation" "$embedding" "$threads" > "$out/sherpa.json"
dotnet build -c Release bench/diarization/FunAsr.DiarizationBench -v q -nologo >/dev/null
dotnet bench/diarization/FunAsr.DiarizationBench/bin/Release/net10.0/FunAsr.DiarizationBench.dll \
  "$meeting.wav" "$segmentation" "$embedding" --threads "$threads" --runs 3 --reference "$meeting.rttm" --peer "$out/sherpa.json" \
  | grep -v '^{'
