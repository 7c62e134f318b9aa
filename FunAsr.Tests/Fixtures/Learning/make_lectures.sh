#!/usr/bin/env bash
# Makes the learning tests' lectures: each sentence read by espeak-ng, joined with a short pause by sox, so every
# sentence's start and end in the recording are known exactly. Writes <name>.json (the body of POST /api/qa/lectures:
# id, title, language and one timed segment per sentence) and, for lectures with --audio, <name>.opus (16 kHz mono).
# Needs espeak-ng, sox and ffmpeg (scripts/setup-debian.sh).
set -euo pipefail
cd "$(dirname "$0")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

make() {
  local name="$1" voice="$2" language="$3" title="$4" audio="$5"
  shift 5
  local start=0 index=0 segments="" parts=()
  sox -n -r 16000 -c 1 "$work/pause.wav" trim 0 0.4
  for sentence in "$@"; do
    espeak-ng -v "$voice" -s 155 -w "$work/raw.wav" "$sentence"
    sox "$work/raw.wav" -r 16000 -c 1 "$work/s$index.wav"
    local length
    length=$(soxi -D "$work/s$index.wav")
    local end
    end=$(python3 -c "print(round($start + $length, 3))")
    segments+="$( [ $index -gt 0 ] && echo ',')
    {\"start\": $start, \"end\": $end, \"text\": $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1], ensure_ascii=False))' "$sentence")}"
    parts+=("$work/s$index.wav" "$work/pause.wav")
    start=$(python3 -c "print(round($end + 0.4, 3))")
    index=$((index + 1))
  done
  printf '{\n  "id": "%s",\n  "title": %s,\n  "language": "%s",\n  "segments": [%s\n  ]\n}\n' "$name" \
    "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1], ensure_ascii=False))' "$title")" "$language" "$segments" > "$name.json"
  if [ "$audio" = "--audio" ]; then
    sox "${parts[@]}" "$work/all.wav"
    ffmpeg -nostdin -loglevel error -y -i "$work/all.wav" -ac 1 -ar 16000 -c:a libopus -b:a 20k "$name.opus"
  fi
}

make developer-week en en "Your first week as a developer" --audio \
  "Welcome to your first week as a developer at Northwind." \
  "A hello world is the smallest program that prints a greeting on the screen." \
  "Every new developer writes a hello world in our build system on the first day." \
  "The build pipeline is the automated process that compiles, tests and packages every change." \
  "When the build pipeline fails, fix it before you start new work." \
  "A pull request is a proposal to merge your change into the main branch." \
  "Open a pull request as soon as your hello world builds in the build pipeline." \
  "A code review is the check a colleague makes before a pull request is merged." \
  "Every pull request needs one code review from your team, and the code review must look at the tests." \
  "Two-factor authentication is a second proof of identity after your password." \
  "Turn on two-factor authentication for your email and your code repository today." \
  "A phishing email is a message that tries to trick you into revealing your password." \
  "Report every phishing email to the security team with the report button." \
  "The on-call rotation is the schedule of who answers production alerts outside office hours." \
  "You join the on-call rotation after your third month, once your code review work is trusted." \
  "Thank you, and enjoy your first week."

make security-basics en en "Security basics for everyone" --text \
  "This short lecture repeats the security rules for every employee." \
  "A phishing email often asks you to click a link and enter your password." \
  "If you are unsure about a phishing email, do not click anything and report it." \
  "Two-factor authentication stops most attacks even when a password is stolen." \
  "A password manager is an application that creates and stores a strong password for every account." \
  "Use the password manager for every work account, together with two-factor authentication." \
  "Lock your screen whenever you leave your desk."

make food-safety zh zh "食品安全培训" --text \
  "欢迎参加食品安全培训。" \
  "六步洗手法是厨房员工清洁双手的标准方法。" \
  "每次处理生肉以后都要使用六步洗手法。" \
  "交叉污染是指细菌从生食转移到熟食。" \
  "为了避免交叉污染，生食和熟食要使用不同的砧板。" \
  "冷链是指食品从生产到销售一直保持低温的过程。" \
  "冷链一旦中断，食品必须报废。" \
  "保质期是指食品在规定条件下保持质量的期限。" \
  "过了保质期的食品不能出售，也不能用于员工餐。" \
  "谢谢大家。"
