#!/usr/bin/env python3
"""Builds the second held-out Q&A set (Heldout2/qa) from the hand-written sources beside this script.

  qa/<id>.txt           one sentence per line; a blank line ends a paragraph (a longer pause, and always a segment break);
                        header lines "# title: …", "# language: …", "# rate: …" (syllables a second); other "#" lines are comments.
  qa/questions.tsv      kind <TAB> lecture id ("-" when nothing answers) <TAB> question <TAB> anchor[ || anchor …]
                        (each anchor a substring of exactly one sentence; several anchors name consecutive sentences).

Outputs: qa/<id>.json, qa/questions.json, in the formats of ../Heldout/README.md.
This is the qa part of ../Heldout/make_heldout.py, unchanged apart from the folder and this set's length range
(55-70 sentences, 6-10 minutes): the same timing model and the same checks. Word times come from a speaking rate
(one syllable per CJK character, vowel groups for Latin words) with a small jitter from a generator seeded by the
lecture id, so every run writes the same bytes. Anything ambiguous (an anchor in two sentences, a segment outside
3-25 s) stops the run.
Run: python3 make_heldout2_qa.py  (standard library only).
"""
import json
import pathlib
import random
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent

CJK_RANGE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK = re.compile(f"[{CJK_RANGE}]")
# A word: one CJK character, or a Latin/number run that may hold inner apostrophes, hyphens, dots, slashes, colons,
# thousands separators, a leading currency sign and a trailing percent sign.
TOKEN = re.compile(f"[{CJK_RANGE}]|[$€£¥]?[A-Za-z0-9]+(?:(?:['’\\-./:+_]|,(?=\\d{{3}}))[A-Za-z0-9]+)*%?")
PAUSE_MARKS = re.compile(r"[，,、；;：:—…]")


def fail(message):
    sys.exit(f"make_heldout2_qa: {message}")


# ---------------------------------------------------------------- timing

def syllables(word):
    if CJK.fullmatch(word):
        return 1.0
    digits = sum(c.isdigit() for c in word)
    letters = re.sub(r"[^A-Za-z]", "", word)
    count = 0.0
    if digits:
        count += 1.2 * digits
    if word.endswith("%"):
        count += 2
    if letters:
        if letters.isupper() and len(letters) <= 5:
            count += len(letters)  # an acronym is spelt out: SMS, CRM, SEV
        else:
            low = letters.lower()
            groups = len(re.findall(r"[aeiouy]+", low))
            if low.endswith("e") and not low.endswith("le") and groups > 1:
                groups -= 1
            count += max(1, groups)
    return max(count, 1.0)


def time_sentence(sentence, rng, rate):
    """Word times relative to the sentence's first word."""
    matches = list(TOKEN.finditer(sentence))
    if not matches:
        fail(f"no words in sentence {sentence!r}")
    words, clock = [], 0.0
    for i, m in enumerate(matches):
        w = m.group()
        duration = max(0.12, syllables(w) / rate * rng.uniform(0.85, 1.15))
        words.append([w, clock, clock + duration])
        clock += duration
        if i + 1 < len(matches):
            between = sentence[m.end():matches[i + 1].start()]
            if PAUSE_MARKS.search(between):
                clock += rng.uniform(0.18, 0.42)
            elif CJK.fullmatch(w) and CJK.fullmatch(matches[i + 1].group()):
                clock += rng.uniform(0.0, 0.03)
            else:
                clock += rng.uniform(0.03, 0.11)
    return words, clock


def read_source(path):
    meta, paragraphs, current = {}, [], []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#"):
            m = re.match(r"#\s*(title|language|rate)\s*:\s*(.+)$", line)
            if m:
                meta[m.group(1)] = m.group(2).strip()
            continue
        if not line:
            if current:
                paragraphs.append(current)
                current = []
            continue
        current.append(line)
    if current:
        paragraphs.append(current)
    for key in ("title", "language", "rate"):
        if key not in meta:
            fail(f"{path.name}: header '# {key}:' missing")
    return meta, paragraphs


def join_texts(parts):
    out = ""
    for p in parts:
        if out and out[-1].isascii() and not out[-1].isspace() and p[0].isascii():
            out += " "
        out += p
    return out


def script_of(text):
    return "zh" if CJK.search(text) else "en"


def segment_language(text, default):
    if default != "mixed":
        return default
    return script_of(text)


def build_lecture(path):
    lecture_id = path.stem
    meta, paragraphs = read_source(path)
    rng = random.Random(lecture_id)
    rate = float(meta["rate"])
    language = meta["language"]  # zh, en, or mixed (lecture tagged zh, each segment by its script)

    # Group each paragraph's sentences into segments of 1-4 sentences lasting 3-25 s, as a VAD would cut them.
    timed = []  # per paragraph: list of (text, words, duration)
    for para in paragraphs:
        timed.append([(s, *time_sentence(s, rng, rate)) for s in para])
    gap_in = lambda: rng.uniform(0.25, 0.6)
    plans = []  # list of (paragraph index, [sentence tuples], [gaps])
    for p_index, para in enumerate(timed):
        i = 0
        para_plans = []
        while i < len(para):
            target = rng.choice([1, 2, 2, 3, 3, 4])
            group, gaps, total = [para[i]], [], para[i][2]
            i += 1
            while i < len(para) and len(group) < 4:
                if language == "mixed" and script_of(para[i][0]) != script_of(group[0][0]):
                    break  # a change of language is a change of speaker here, and the VAD cuts there
                gap = gap_in()
                if total + gap + para[i][2] > 25.0:
                    break
                if len(group) >= target and total >= 3.0:
                    break
                gaps.append(gap)
                group.append(para[i])
                total += gap + para[i][2]
                i += 1
            para_plans.append([group, gaps, total])
        # A short last segment joins the one before it when that fits.
        if len(para_plans) > 1 and para_plans[-1][2] < 3.0:
            prev, last = para_plans[-2], para_plans[-1]
            gap = gap_in()
            same = language != "mixed" or script_of(prev[0][0][0]) == script_of(last[0][0][0])
            if same and len(prev[0]) + len(last[0]) <= 4 and prev[2] + gap + last[2] <= 25.0:
                prev[0] += last[0]
                prev[1] += [gap] + last[1]
                prev[2] += gap + last[2]
                para_plans.pop()
        for g in para_plans:
            plans.append((p_index, g[0], g[1]))

    clock = round(rng.uniform(0.6, 1.4), 2)
    segments, sentences = [], []
    for n, (p_index, group, gaps) in enumerate(plans):
        seg_words, texts = [], []
        for k, (text, words, duration) in enumerate(group):
            placed = [{"word": w, "start": round(clock + a, 2), "end": round(clock + b, 2)} for w, a, b in words]
            sentences.append({"text": text, "segment": n, "paragraph": p_index,
                              "start": placed[0]["start"], "end": placed[-1]["end"]})
            seg_words += placed
            texts.append(text)
            clock += duration
            if k < len(gaps):
                clock += gaps[k]
        text = join_texts(texts)
        segments.append({"id": n, "start": seg_words[0]["start"], "end": seg_words[-1]["end"], "text": text,
                         "language": segment_language(text, language), "emotion": "NEUTRAL", "event": "Speech",
                         "words": seg_words})
        last_in_paragraph = n + 1 == len(plans) or plans[n + 1][0] != p_index
        clock += rng.uniform(1.6, 3.0) if last_in_paragraph else rng.uniform(0.6, 1.4)
    for s in segments:
        d = s["end"] - s["start"]
        count = sum(1 for x in sentences if x["segment"] == s["id"])
        if not (3.0 <= d <= 25.0) or not (1 <= count <= 4):
            fail(f"{lecture_id}: segment {s['id']} lasts {d:.2f} s with {count} sentences: {s['text'][:40]!r}")
    lecture = {"id": lecture_id, "title": meta["title"], "model": "fixture",
               "language": "zh" if language == "mixed" else language, "emotion": "NEUTRAL", "event": "Speech",
               "duration": round(segments[-1]["end"] + 1.0, 2), "text": join_texts([s["text"] for s in segments]),
               "segments": segments}
    return lecture, sentences


def write_lecture(path, lecture):
    """Indented header, one segment a line: readable in a diff, and small."""
    lines = ["{"]
    for key, value in lecture.items():
        if key != "segments":
            lines.append(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines.append(' "segments": [')
    lines.append(",\n".join("  " + json.dumps(s, ensure_ascii=False, separators=(",", ":")) for s in lecture["segments"]))
    lines.append(" ]")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    json.loads(text)
    path.write_text(text, encoding="utf-8")


def resolve(lecture_id, sentences, anchor):
    hits = [i for i, s in enumerate(sentences) if anchor in s["text"]]
    if len(hits) != 1:
        fail(f"{lecture_id}: anchor {anchor!r} matches {len(hits)} sentences")
    return hits[0]


def resolve_span(lecture_id, sentences, anchors):
    idx = [resolve(lecture_id, sentences, a) for a in anchors]
    if idx != list(range(idx[0], idx[0] + len(idx))):
        fail(f"{lecture_id}: anchors {anchors!r} are not consecutive sentences")
    return idx


def check_length(lecture_id, sentences, lecture, n_range, minutes):
    n, d = len(sentences), lecture["duration"] / 60
    if not (n_range[0] <= n <= n_range[1]) or not (minutes[0] <= d <= minutes[1]):
        fail(f"{lecture_id}: {n} sentences, {d:.1f} min; wanted {n_range} sentences and {minutes} minutes")
    return n, d


def tsv_rows(path):
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.strip() and not raw.startswith("#"):
            yield number, raw.rstrip("\n").split("\t")


# ---------------------------------------------------------------- qa

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
