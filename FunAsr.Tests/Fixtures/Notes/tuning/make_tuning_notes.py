#!/usr/bin/env python3
"""Builds the notes TUNING lectures and their reference notes from the hand-written sources beside this script.

These lectures are what the notes heuristics were tuned on (Fixtures/Notes/tuning); the held-out set in ../../Heldout/notes
was written apart and is only scored, never tuned on. Topics, people and companies here are invented for this set.

{id}.txt: `# title/language/rate` headers, `## chapter: <title>` before each chapter's first sentence, one sentence a line,
a blank line between paragraphs (paragraphs also occur inside chapters, so a pause alone does not mark a chapter).
{id}.ref.tsv: tab-separated rows, each naming sentences by an anchor (a substring found in exactly one sentence):
  term <term> <aliases|…> <defines|explains> <anchor>   a glossary term and the sentence that defines or explains it
  also <term>                                        a real term a content team might add (neither right nor wrong)
  keypoint <anchor>                                  a key point (its antecedent comes first when it is an anaphor)
  anaphor <anchor> <antecedent anchor>               a sentence that makes sense only after the one before it
  name <name> <person|organisation>                  a name the lecture mentions, never a term
Outputs: {id}.json (the lecture as the ASR service writes it, words with times) and {id}.reference.json.
Word times are synthetic: a word lasts its syllables at the lecture's rate with ±15 % jitter (seeded by the lecture id);
pauses grow from between words, to commas, sentences, segments and paragraphs. Segments hold 1-4 sentences of one
paragraph, at most 25 s, as a VAD would cut them.
Run: python3 make_tuning_notes.py  (standard library only; always writes the same bytes).
"""
import json
import pathlib
import random
import re
import zlib

HERE = pathlib.Path(__file__).parent
TOKEN = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9$][A-Za-z0-9$%.'’-]*[A-Za-z0-9%]|[A-Za-z0-9]|[^\sA-Za-z0-9\u4e00-\u9fff]")


def syllables(word):
    if re.match(r"[\u4e00-\u9fff]", word):
        return 1.0
    if re.fullmatch(r"[A-Z]{2,6}s?", word):
        return 1.2 * len(word)
    if re.fullmatch(r"[0-9.,%$]+", word):
        return 1.2 * sum(c.isdigit() for c in word)
    return max(1.0, len(re.findall(r"[aeiouy]+", word.lower())))


def parse(path):
    meta, paragraphs, chapters = {}, [[]], []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("## chapter:"):
            chapters.append((line.split(":", 1)[1].strip(), None))
            if paragraphs[-1]:
                paragraphs.append([])
        elif line.startswith("#"):
            key, value = line[1:].split(":", 1)
            meta[key.strip()] = value.strip()
        elif not line:
            if paragraphs[-1]:
                paragraphs.append([])
        else:
            if chapters and chapters[-1][1] is None:
                chapters[-1] = (chapters[-1][0], line)
            paragraphs[-1].append(line)
    return meta, [p for p in paragraphs if p], chapters


def segment(lines, clock, rate, rng, gap):
    """Times the words of one segment's sentences from `clock`; returns the clock after it, the words and the sentences."""
    if gap:
        clock += rng.uniform(0.6, 1.4)
    words, timed = [], []
    for k, sentence in enumerate(lines):
        if k > 0:
            clock += rng.uniform(0.25, 0.6)
        first = len(words)
        for token in TOKEN.findall(sentence):
            if re.match(r"[\u4e00-\u9fffA-Za-z0-9$]", token):
                duration = syllables(token) / rate * rng.uniform(0.85, 1.15)
                words.append({"word": token, "start": round(clock, 2), "end": round(clock + duration, 2)})
                clock += duration + (rng.uniform(0, 0.03) if re.match(r"[\u4e00-\u9fff]", token) else rng.uniform(0.03, 0.11))
            elif token in "，,；;：:、":
                clock += rng.uniform(0.18, 0.42)
        timed.append({"text": sentence, "start": words[first]["start"], "end": words[-1]["end"]})
    return clock, words, timed


def build(lecture_id):
    meta, paragraphs, chapters = parse(HERE / f"{lecture_id}.txt")
    rate, language = float(meta["rate"]), meta["language"]
    rng = random.Random(zlib.crc32(lecture_id.encode()))
    clock, segments, sentences = 0.9, [], []
    for p, paragraph in enumerate(paragraphs):
        if p > 0:
            clock += rng.uniform(1.6, 3.0)
        i = 0
        while i < len(paragraph):
            count = min(rng.randint(1, 4), len(paragraph) - i)
            saved_clock, saved_state = clock, rng.getstate()
            while True:
                clock, words, timed = segment(paragraph[i:i + count], clock, rate, rng, gap=bool(segments) and i > 0)
                if words[-1]["end"] - words[0]["start"] <= 25 or count == 1:
                    break
                count -= 1
                clock = saved_clock
                rng.setstate(saved_state)
            for sentence in timed:
                sentence["segment"] = len(segments)
            sentences.extend(timed)
            segments.append({"id": len(segments), "start": words[0]["start"], "end": words[-1]["end"],
                             "text": ("" if language == "zh" else " ").join(paragraph[i:i + count]), "language": language,
                             "emotion": "NEUTRAL", "event": "Speech", "words": words})
            i += count
    lecture = {"id": lecture_id, "title": meta["title"], "model": "fixture", "language": language, "emotion": "NEUTRAL",
               "event": "Speech", "duration": round(clock + 1.0, 2),
               "text": ("" if language == "zh" else " ").join(s["text"] for s in segments), "segments": segments}
    return lecture, sentences, chapters


def reference(lecture_id, lecture, sentences, chapters):
    def find(anchor):
        hits = [s for s in sentences if anchor in s["text"]]
        if len(hits) != 1:
            raise SystemExit(f"{lecture_id}: anchor {anchor!r} is in {len(hits)} sentences")
        return hits[0]

    text = lecture["text"].lower()
    glossary, also, key_points, anaphora, names, used = [], [], [], [], [], {}
    rows = [r.split("\t") for r in (HERE / f"{lecture_id}.ref.tsv").read_text(encoding="utf-8").splitlines() if r and not r.startswith("#")]
    for row in rows:
        if row[0] == "anaphor":
            s, a = find(row[1]), find(row[2])
            if sentences.index(a) + 1 != sentences.index(s):
                raise SystemExit(f"{lecture_id}: antecedent of {row[1]!r} is not the sentence before it")
            anaphora.append({"anchor": row[1], "antecedentAnchor": row[2], "start": s["start"], "antecedentStart": a["start"]})
    for row in rows:
        kind = row[0]
        if kind == "term":
            term, aliases, definition_kind, anchor = row[1], [a for a in row[2].split("|") if a], row[3], row[4]
            if not any(t.lower() in text for t in [term] + aliases):
                raise SystemExit(f"{lecture_id}: term {term!r} is not in the lecture")
            s = find(anchor)
            if anchor in used:
                raise SystemExit(f"{lecture_id}: {anchor!r} defines both {used[anchor]!r} and {term!r}")
            used[anchor] = term
            glossary.append({"term": term, "aliases": aliases, "definitionAnchor": anchor, "definitionKind": definition_kind,
                             "definitionStart": s["start"], "definitionEnd": s["end"], "segmentId": s["segment"]})
        elif kind == "also":
            also.append(row[1])
        elif kind == "keypoint":
            s = find(row[1])
            anchors = [row[1]]
            lean = [a for a in anaphora if a["anchor"] in s["text"]]
            if lean:
                anchors.insert(0, lean[0]["antecedentAnchor"])
            key_points.append({"anchors": anchors, "start": find(anchors[0])["start"], "end": s["end"]})
        elif kind == "name":
            if row[1].lower() not in text:
                raise SystemExit(f"{lecture_id}: name {row[1]!r} is not in the lecture")
            names.append({"name": row[1], "kind": row[2]})
    chapter_list = [{"title": title, "anchor": anchor, "start": find(anchor)["start"]} for title, anchor in chapters]
    if chapter_list[0]["anchor"] != sentences[0]["text"]:
        raise SystemExit(f"{lecture_id}: the first chapter must start at the first sentence")
    return {"lectureId": lecture_id, "glossary": glossary, "alsoAcceptable": also, "chapters": chapter_list,
            "keyPoints": key_points, "anaphora": anaphora, "names": names}


def main():
    for path in sorted(HERE.glob("*.txt")):
        lecture_id = path.stem
        lecture, sentences, chapters = build(lecture_id)
        ref = reference(lecture_id, lecture, sentences, chapters)
        (HERE / f"{lecture_id}.json").write_text(
            json.dumps({k: v for k, v in lecture.items() if k != "segments"}, ensure_ascii=False, indent=1)[:-2]
            + ',\n "segments": [\n' + ",\n".join("  " + json.dumps(s, ensure_ascii=False) for s in lecture["segments"]) + "\n ]\n}\n",
            encoding="utf-8")
        (HERE / f"{lecture_id}.reference.json").write_text(json.dumps(ref, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{lecture_id}: {len(sentences)} sentences, {lecture['duration'] / 60:.1f} min, {len(ref['chapters'])} chapters, "
              f"{len(ref['glossary'])} terms, {len(ref['keyPoints'])} key points")


if __name__ == "__main__":
    main()
