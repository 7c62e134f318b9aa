#!/usr/bin/env python3
"""Builds the extra TUNING lectures (ASR transcript JSON with word times) and their questions from the sources beside this script.

{lecture}.txt: one transcript segment per line. Every CJK character and every Latin word or number is a word, as the ASR
service writes them; a word lasts its syllables at about 4.5 a second, with short pauses after commas and sentence ends and a
deterministic jitter, so word times are not a plain function of character counts.
questions-source.tsv: each question names a substring of the sentence that answers it; questions.json records that sentence's
start and end (its first and last word). These are tuning data: the held-out set lives in ../../Heldout and is never read here.
Run: python3 make_tuning.py  (no third-party packages).
"""
import json
import pathlib
import random
import re

HERE = pathlib.Path(__file__).parent
LECTURES = {
    "lab-safety-en": ("Riverside Labs safety induction: protective equipment, chemicals, waste, equipment booking, emergencies", "en"),
    "returns-zh": ("售后客服培训：退货、换货、退款与投诉处理", "zh"),
    "it-setup-mixed": ("IT 入职第一周：账号、设备、软件与数据安全", "zh"),
}
TOKEN = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*|[^\s]")
SENTENCE_END = "。！？.!?"


def syllables(word):
    if re.match(r"[\u4e00-\u9fff]", word):
        return 1.0
    if word.isdigit():
        return 1.2 * len(word)
    return max(1.0, len(re.findall(r"[aeiouy]+", word.lower())))


def transcript(lecture_id, rng):
    title, language = LECTURES[lecture_id]
    lines = [l.strip() for l in (HERE / f"{lecture_id}.txt").read_text(encoding="utf-8").splitlines() if l.strip()]
    clock, segments = 0.8, []
    for i, line in enumerate(lines):
        words = []
        for token in TOKEN.findall(line):
            if re.match(r"[\u4e00-\u9fffA-Za-z0-9]", token):
                duration = syllables(token) / 4.5 * rng.uniform(0.8, 1.25)
                words.append({"word": token, "start": round(clock, 2), "end": round(clock + duration, 2)})
                clock += duration + rng.uniform(0.0, 0.06)
            elif token in SENTENCE_END:
                clock += rng.uniform(0.35, 0.7)
            elif token in "，,；;：:、":
                clock += rng.uniform(0.15, 0.35)
        segments.append({"id": i, "start": words[0]["start"], "end": words[-1]["end"], "text": line, "language": language,
                         "emotion": "NEUTRAL", "event": "Speech", "words": words})
        clock += rng.uniform(0.5, 1.2)
    return {"id": lecture_id, "title": title, "model": "fixture", "language": language, "emotion": "NEUTRAL",
            "event": "Speech", "duration": round(clock, 2), "text": ("" if language == "zh" else " ").join(lines),
            "segments": segments}


def sentence_span(segment, anchor):
    """Start and end of the sentence of the segment that contains the anchor, read off its words."""
    text = segment["text"]
    at = text.index(anchor)
    bounds = [m.end() for m in re.finditer(r"[。！？]|[.!?](?=\s|$)", text)]
    start = max([b for b in bounds if b <= at], default=0)
    end = min([b for b in bounds if b > at], default=len(text))
    # Walk the words through the text to find which fall inside [start, end).
    cursor, inside = 0, []
    for word in segment["words"]:
        position = text.index(word["word"], cursor)
        cursor = position + len(word["word"])
        if start <= position < end:
            inside.append(word)
    return inside[0]["start"], inside[-1]["end"]


def main():
    rng = random.Random(16)
    transcripts = {lid: transcript(lid, rng) for lid in LECTURES}
    for lid, t in transcripts.items():
        (HERE / f"{lid}.json").write_text(json.dumps(t, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    questions = []
    for row in (HERE / "questions-source.tsv").read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        fields = row.split("\t")
        if fields[0] == "-":
            questions.append({"question": fields[1], "lectureId": None})
            continue
        lecture_id, question, anchor = fields
        hits = [s for s in transcripts[lecture_id]["segments"] if anchor in s["text"]]
        if len(hits) != 1:
            raise SystemExit(f"anchor {anchor!r} matches {len(hits)} segments of {lecture_id}")
        start, end = sentence_span(hits[0], anchor)
        questions.append({"question": question, "lectureId": lecture_id, "start": start, "end": end})
    (HERE / "questions.json").write_text(json.dumps(questions, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(questions)} questions, {sum(len(t['segments']) for t in transcripts.values())} segments")


if __name__ == "__main__":
    main()
