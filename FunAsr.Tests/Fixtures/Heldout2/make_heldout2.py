#!/usr/bin/env python3
"""Builds the second held-out notes set (Heldout2) from the hand-written sources in notes/ beside this script.

Adapted from ../Heldout/make_heldout.py: the same output formats, the same timing model and the same checks, with the
qa and compliance parts left out and the length ranges of this set (100-140 sentences, 13-19 minutes, 5-7 chapters,
12-15 glossary terms, 8-10 key points). Two checks are added: a key point that starts with an anaphoric sentence
must name its antecedent first, and an "explains" anchor lies at most three sentences after the term's first mention.

  notes/<id>.txt        one sentence per line; a blank line ends a paragraph (a longer pause, and always a segment
                        break); header lines "# title: …", "# language: …", "# rate: …" (syllables a second); other "#"
                        lines are comments.
  notes/<id>.ref.tsv    the reference notes, by anchors: chapter/term/also/key/anaphor/name rows (see NOTES_REF_HELP).

Outputs: notes/<id>.json, notes/<id>.reference.json.
Word times come from a speaking rate (one syllable per CJK character, vowel groups for
Latin words) with a small jitter from a generator seeded by the lecture id, so every run writes the same bytes.
Anything ambiguous (an anchor in two sentences, a segment outside 3–25 s, a lecture outside its length) stops the run.
Run: python3 make_heldout2.py  (standard library only).
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
    sys.exit(f"make_heldout2: {message}")


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


# ---------------------------------------------------------------- notes

NOTES_REF_HELP = """notes/<id>.ref.tsv rows (tab-separated):
  chapter <title> <anchor of the chapter's first sentence, which opens a paragraph>
  term    <term> <defines|explains> <anchor of the defining or explaining sentence> [aliases separated by ';']
  key     <anchor>[ || <anchor> …]     (a key point; an anaphoric one names its antecedent first)
  anaphor <anchor of the anaphoric sentence> <anchor of the sentence it needs>
  name    <person|organisation> <a name mentioned in the lecture that is not a glossary term>
  also    <term>   a real term of the lecture a content team might add but would not insist on: a scorer
                   should not count it as a wrong term, nor miss it from recall"""


def occurs(term, text, language):
    if language == "en":
        return re.search(r"(?<![A-Za-z])" + re.escape(term.lower()), text.lower()) is not None
    return term in text


def build_notes():
    folder = HERE / "notes"
    for path in sorted(folder.glob("*.txt")):
        lecture_id = path.stem
        lecture, sentences = build_lecture(path)
        n, d = check_length(lecture_id, sentences, lecture, (100, 140), (13, 19))
        write_lecture(folder / f"{lecture_id}.json", lecture)
        language = lecture["language"]
        ref = {"lectureId": lecture_id, "language": language, "glossary": [], "alsoAcceptable": [], "chapters": [],
               "keyPoints": [], "anaphora": [], "names": []}
        used_definitions = {}
        for number, row in tsv_rows(folder / f"{lecture_id}.ref.tsv"):
            where = f"{lecture_id}.ref.tsv:{number}"
            kind = row[0]
            if kind == "chapter" and len(row) == 3:
                i = resolve(lecture_id, sentences, row[2])
                if i > 0 and sentences[i - 1]["paragraph"] == sentences[i]["paragraph"]:
                    fail(f"{where}: a chapter starts a paragraph")
                ref["chapters"].append({"title": row[1], "anchor": row[2], "start": sentences[i]["start"]})
            elif kind == "term" and len(row) in (4, 5):
                term, how, anchor = row[1], row[2], row[3]
                aliases = [a.strip() for a in row[4].split(";")] if len(row) == 5 and row[4].strip() else []
                if how not in ("defines", "explains"):
                    fail(f"{where}: {how!r}")
                i = resolve(lecture_id, sentences, anchor)
                if i in used_definitions:
                    fail(f"{where}: sentence already defines {used_definitions[i]!r}")
                used_definitions[i] = term
                if not any(occurs(t, lecture["text"], language) for t in [term] + aliases):
                    fail(f"{where}: term {term!r} is not in the lecture")
                if how == "defines" and not any(occurs(t, sentences[i]["text"], language) for t in [term] + aliases):
                    fail(f"{where}: the defining sentence does not name {term!r}")
                ref["glossary"].append({"term": term, "aliases": aliases, "definitionAnchor": anchor,
                                        "definitionKind": how, "definitionStart": sentences[i]["start"],
                                        "definitionEnd": sentences[i]["end"], "segmentId": sentences[i]["segment"]})
            elif kind == "key" and len(row) == 2:
                anchors = [a.strip() for a in row[1].split("||")]
                idx = resolve_span(lecture_id, sentences, anchors)
                ref["keyPoints"].append({"anchors": anchors, "start": sentences[idx[0]]["start"],
                                         "end": sentences[idx[-1]]["end"]})
            elif kind == "anaphor" and len(row) == 3:
                i, j = resolve(lecture_id, sentences, row[1]), resolve(lecture_id, sentences, row[2])
                if j != i - 1:
                    fail(f"{where}: the antecedent is the sentence just before")
                ref["anaphora"].append({"anchor": row[1], "antecedentAnchor": row[2], "start": sentences[i]["start"],
                                        "antecedentStart": sentences[j]["start"]})
            elif kind == "name" and len(row) == 3:
                if row[1] not in ("person", "organisation") or not occurs(row[2], lecture["text"], language):
                    fail(f"{where}: name {row[2]!r} ({row[1]}) not in the lecture")
                ref["names"].append({"name": row[2], "kind": row[1]})
            elif kind == "also" and len(row) == 2:
                if not occurs(row[1], lecture["text"], language):
                    fail(f"{where}: term {row[1]!r} is not in the lecture")
                ref["alsoAcceptable"].append(row[1])
            else:
                fail(f"{where}: cannot read row\n{NOTES_REF_HELP}")
        starts = [c["start"] for c in ref["chapters"]]
        if not (5 <= len(starts) <= 7) or starts != sorted(starts) or starts[0] != sentences[0]["start"]:
            fail(f"{lecture_id}: 5-7 chapters in order, the first at the first sentence")
        if not (12 <= len(ref["glossary"]) <= 15) or not (8 <= len(ref["keyPoints"]) <= 10):
            fail(f"{lecture_id}: {len(ref['glossary'])} terms, {len(ref['keyPoints'])} key points")
        terms = [g["term"].lower() for g in ref["glossary"]]
        if set(terms) & {t.lower() for t in ref["alsoAcceptable"]}:
            fail(f"{lecture_id}: a term is both in the glossary and merely acceptable")
        for name in ref["names"]:
            if any(name["name"].lower() in t or t in name["name"].lower() for t in terms):
                fail(f"{lecture_id}: name {name['name']!r} overlaps a term")
        # Added checks: an anaphoric key point brings its antecedent; an "explains" anchor follows the first mention closely.
        anaphoric = {resolve(lecture_id, sentences, a["anchor"]): resolve(lecture_id, sentences, a["antecedentAnchor"])
                     for a in ref["anaphora"]}
        for k in ref["keyPoints"]:
            first = resolve(lecture_id, sentences, k["anchors"][0])
            if first in anaphoric:
                fail(f"{lecture_id}: key point {k['anchors'][0]!r} leans on the sentence before; name it first")
        for g in ref["glossary"]:
            if g["definitionKind"] != "explains":
                continue
            i = resolve(lecture_id, sentences, g["definitionAnchor"])
            mentions = [j for j, s in enumerate(sentences)
                        if any(occurs(t, s["text"], language) for t in [g["term"]] + g["aliases"])]
            if not mentions or not (0 <= i - mentions[0] <= 3):
                fail(f"{lecture_id}: the explaining sentence of {g['term']!r} is not at or just after its first mention")
        (folder / f"{lecture_id}.reference.json").write_text(json.dumps(ref, ensure_ascii=False, indent=1) + "\n",
                                                              encoding="utf-8")
        print(f"notes/{lecture_id}: {n} sentences, {len(lecture['segments'])} segments, {d:.1f} min, "
              f"{len(ref['chapters'])} chapters, {len(ref['glossary'])} terms, {len(ref['keyPoints'])} key points")


def main():
    build_notes()


if __name__ == "__main__":
    main()
