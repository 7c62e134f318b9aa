#!/usr/bin/env python3
"""Builds the QaBot test fixtures from the hand-written sources beside this script.

onboarding-{en,zh}.txt: one transcript segment per line. Segment times follow a typical speaking rate
(about 4.5 syllables a second: one per CJK character, one per three Latin characters) with a short pause between segments.
questions-source.tsv: each question names a substring of the segment that answers it; the output records that segment's id and times.
Run: python3 make_fixtures.py  (no third-party packages).
"""
import json
import pathlib

HERE = pathlib.Path(__file__).parent
LECTURES = {
    "onboarding-en": ("Northwind onboarding: time off, expenses, security and conduct", "en"),
    "onboarding-zh": ("星海科技新员工入职培训：考勤休假、费用报销、信息安全与行为准则", "zh"),
}


def units(text):
    return sum(1.0 if ord(c) >= 0x2E80 else (0 if c.isspace() else 1 / 3) for c in text)


def transcript(lecture_id):
    title, language = LECTURES[lecture_id]
    lines = [l.strip() for l in (HERE / f"{lecture_id}.txt").read_text(encoding="utf-8").splitlines() if l.strip()]
    clock, segments = 1.0, []
    for i, line in enumerate(lines):
        duration = round(units(line) / 4.5, 2)
        segments.append({"id": i, "start": round(clock, 2), "end": round(clock + duration, 2), "text": line,
                         "language": language, "emotion": "NEUTRAL", "event": "Speech"})
        clock += duration + 0.6
    return {"id": lecture_id, "title": title, "model": "fixture", "language": language, "emotion": "NEUTRAL",
            "event": "Speech", "duration": round(clock, 2), "text": ("" if language == "zh" else " ").join(lines),
            "segments": segments}


def main():
    transcripts = {lid: transcript(lid) for lid in LECTURES}
    for lid, t in transcripts.items():
        (HERE / f"{lid}.json").write_text(json.dumps(t, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    questions = []
    for row in (HERE / "questions-source.tsv").read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        lecture_id, question, anchor = row.split("\t")
        if lecture_id == "-":
            questions.append({"question": question, "lectureId": None})
            continue
        hits = [s for s in transcripts[lecture_id]["segments"] if anchor in s["text"]]
        if len(hits) != 1:
            raise SystemExit(f"anchor {anchor!r} matches {len(hits)} segments of {lecture_id}")
        s = hits[0]
        questions.append({"question": question, "lectureId": lecture_id, "segmentId": s["id"], "start": s["start"], "end": s["end"]})
    (HERE / "questions.json").write_text(json.dumps(questions, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(questions)} questions, {sum(len(t['segments']) for t in transcripts.values())} segments")


if __name__ == "__main__":
    main()
