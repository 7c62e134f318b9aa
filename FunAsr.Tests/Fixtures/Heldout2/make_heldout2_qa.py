#!/usr/bin/env python3
"""Builds the second held-out Q&A set (Heldout2/qa) from the hand-written sources beside this script.

  qa/<id>.txt           one sentence per line; a blank line ends a paragraph (a longer pause, and always a segment break);
                        header lines "# title: …", "# language: …", "# rate: …" (syllables a second); other "#" lines are comments.
  qa/questions.tsv      kind <TAB> lecture id ("-" when nothing answers) <TAB> question <TAB> anchor[ || anchor …]
                        (each anchor a substring of exactly one sentence; several anchors name consecutive sentences).

Outputs: qa/<id>.json, qa/questions.json, in the formats of ../Heldout/README.md.
This is the qa part of ../Heldout/make_heldout.py (its timing model, segmenting and checks are imported from there), unchanged apart from the folder and this set's length range
(55-70 sentences, 6-10 minutes): the same timing model and the same checks. Word times come from a speaking rate
(one syllable per CJK character, vowel groups for Latin words) with a small jitter from a generator seeded by the
lecture id, so every run writes the same bytes. Anything ambiguous (an anchor in two sentences, a segment outside
3-25 s) stops the run.
Run: python3 make_heldout2_qa.py  (standard library only).
"""
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
# The timing model, the segmenting and the checks are the first held-out set's: one implementation, so the sets stay alike.
sys.path.insert(0, str(HERE.parent / "Heldout"))
from make_heldout import (  # noqa: E402
    CJK, build_lecture, check_length, fail, resolve_span, tsv_rows, write_lecture,
)

KINDS = {"paraphrase", "number", "cross-language", "span", "direct", "unanswerable"}
SENTENCES = (55, 70)  # this set's length range for a qa lecture
MINUTES = (6, 10)


def build_qa():
    folder = HERE / "qa"
    lectures = {}
    for path in sorted(folder.glob("*.txt")):
        lecture, sentences = build_lecture(path)
        n, d = check_length(path.stem, sentences, lecture, SENTENCES, MINUTES)
        write_lecture(folder / f"{path.stem}.json", lecture)
        lectures[path.stem] = sentences
        print(f"qa/{path.stem}: {n} sentences, {len(lecture['segments'])} segments, {d:.1f} min")
    questions = []
    for number, row in tsv_rows(folder / "questions.tsv"):
        if len(row) != 4:
            fail(f"questions.tsv:{number}: {len(row)} columns")
        kind, lecture_id, question, anchors = row
        if kind not in KINDS:
            fail(f"questions.tsv:{number}: kind {kind!r}")
        language = "zh" if CJK.search(question) else "en"
        if lecture_id == "-":
            if kind != "unanswerable" or anchors != "-":
                fail(f"questions.tsv:{number}: an unanswerable question has kind unanswerable and anchor '-'")
            questions.append({"question": question, "language": language, "lectureId": None, "segmentId": None,
                              "answerStart": None, "answerEnd": None, "kind": kind})
            continue
        if lecture_id not in lectures or kind == "unanswerable":
            fail(f"questions.tsv:{number}: lecture {lecture_id!r} / kind {kind!r}")
        sentences = lectures[lecture_id]
        idx = resolve_span(lecture_id, sentences, [a.strip() for a in anchors.split("||")])
        if (kind == "span") != (len(idx) > 1):
            fail(f"questions.tsv:{number}: a span question names two or three sentences, other kinds one")
        if kind == "cross-language":
            answer_lang = "zh" if CJK.search(sentences[idx[0]]["text"]) else "en"
            if answer_lang == language:
                fail(f"questions.tsv:{number}: cross-language question in the answer's language")
        questions.append({"question": question, "language": language, "lectureId": lecture_id,
                          "segmentId": sentences[idx[0]]["segment"], "answerStart": sentences[idx[0]]["start"],
                          "answerEnd": sentences[idx[-1]]["end"], "kind": kind})
    seen = set()
    for q in questions:
        if q["question"] in seen:
            fail(f"duplicate question {q['question']!r}")
        seen.add(q["question"])
    (folder / "questions.json").write_text(json.dumps(questions, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts = {}
    for q in questions:
        counts[q["kind"]] = counts.get(q["kind"], 0) + 1
    print(f"qa/questions.json: {len(questions)} questions {dict(sorted(counts.items()))}")


def main():
    build_qa()


if __name__ == "__main__":
    main()
