#!/usr/bin/env bash
# Makes the spoken lecture fixtures: an English and a Mandarin onboarding lecture read by espeak-ng, as 16 kHz mono
# Opus (small enough to commit). Tests check subtitle rules on their timing; the known-answer model's text for real
# speech is nonsense, so the words themselves are not asserted. Needs espeak-ng and ffmpeg (scripts/setup-debian.sh).
set -euo pipefail
cd "$(dirname "$0")"
make() {
  local voice="$1" name="$2" text="$3"
  espeak-ng -v "$voice" -s 160 -w "$name.wav" "$text"
  ffmpeg -nostdin -loglevel error -y -i "$name.wav" -ac 1 -ar 16000 -c:a libopus -b:a 24k "$name.opus"
  rm "$name.wav"
}
make en lecture-en "Welcome to the onboarding lecture. Today we will learn how the training platform works. First, upload a recording of your lesson. The service transcribes it and cuts it into sentences. Then you can ask questions about the lecture, and the answers cite the place where it was said. Finally, edit any word the recogniser got wrong."
make cmn lecture-zh "欢迎参加新员工培训。今天我们学习培训平台的使用方法。首先，上传一段课程录音。服务会把它转写成文字，并切分成句子。然后，您可以就课程内容提问，回答会标出原话出现的位置。最后，您可以改正识别错误的词语。"
