#!/usr/bin/env python3
"""Writes the development (tuning) evaluation set from the hand-written sources beside this script.

Sources
  qa/<id>.txt, notes/<id>.txt   a lecture: "# title: …", "# language: zh|en|mixed", "# rate: <syllables/s>" headers,
                                then one sentence a line; a blank line closes a paragraph. Other "#" lines are comments.
  qa/questions.tsv              kind <TAB> lecture <TAB> question <TAB> anchors [<TAB> note]
                                anchors: substrings, each of exactly one sentence, joined by " || " for a span of
                                consecutive sentences. An unanswerable question has lecture "~<id>" (the lecture whose
                                topic it is about, kept only in this source) or "-", and anchors "-".
  notes/<id>.ref.tsv            the reference notes by anchors (see REF_ROWS below).

Outputs
  qa/<id>.json, qa/questions.json, notes/<id>.json, notes/<id>.reference.json

Every run writes the same bytes: word times come from random generators seeded by the lecture id.
Anything ambiguous stops the run with a message. Python 3, standard library only:  python3 make_dev.py
"""
import json
import pathlib
import random
import re
import sys
from dataclasses import dataclass, field

ROOT = pathlib.Path(__file__).resolve().parent

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
IS_HAN = re.compile(f"[{HAN}]")
# One word: a single Han character, or a run of Latin letters and digits with inner joiners (don't, e-wallet, 3.2,
# 40,000, café; WPA2/WPA3 stays two words), an optional currency sign in front and an optional percent sign behind.
LATIN = "0-9A-Za-z\u00c0-\u024f"
WORD = re.compile(f"[{HAN}]|[$€£¥]?[{LATIN}]+(?:(?:[-'’.+_:]|,(?=[0-9]{{3}}))[{LATIN}]+)*%?")
COMMA_LIKE = re.compile(r"[，,、；;：:—…]")

QA_MINUTES, QA_SENTENCES = (6.0, 10.0), (50, 110)
NOTES_MINUTES, NOTES_SENTENCES = (12.0, 25.0), (100, 260)
SEGMENT_SECONDS, SEGMENT_SENTENCES = (3.0, 25.0), (1, 4)


def stop(message):
    sys.exit(f"make_dev: {message}")


# ------------------------------------------------------------------ speech timing

def syllable_count(word):
    """Rough spoken length of one word in syllables."""
    if IS_HAN.fullmatch(word):
        return 1.0
    n = 0.0
    digits = sum(ch.isdigit() for ch in word)
    n += 1.2 * digits
    if word.endswith("%"):
        n += 2.0
    if word[0] in "$€£¥":
        n += 1.5
    letters = "".join(ch for ch in word if ch.isalpha())
    if letters:
        if letters.isupper() and len(letters) <= 5:
            n += len(letters)  # acronyms are spelt out: VPN, AQL, RACI is close enough
        else:
            vowels = re.findall(r"[aeiouy]+", letters.lower())
            groups = len(vowels)
            if letters.lower().endswith("e") and not letters.lower().endswith("le") and groups > 1:
                groups -= 1  # silent final e
            n += max(groups, 1)
    return max(n, 1.0)


@dataclass
class Sentence:
    text: str
    paragraph: int
    words: list            # [(word, start, end)] relative to the sentence start
    length: float
    segment: int = -1
    start: float = 0.0
    end: float = 0.0


def time_words(text, rate, rng):
    found = list(WORD.finditer(text))
    if not found:
        stop(f"no words in {text!r}")
    timed, t = [], 0.0
    for k, m in enumerate(found):
        w = m.group()
        d = max(0.12, syllable_count(w) / rate * rng.uniform(0.85, 1.15))
        timed.append((w, t, t + d))
        t += d
        if k + 1 == len(found):
            break
        nxt = found[k + 1]
        gap_text = text[m.end():nxt.start()]
        if COMMA_LIKE.search(gap_text):
            t += rng.uniform(0.18, 0.42)
        elif IS_HAN.fullmatch(w) and IS_HAN.fullmatch(nxt.group()):
            t += rng.uniform(0.0, 0.03)
        else:
            t += rng.uniform(0.03, 0.11)
    return timed, t


def parse_lecture_source(path):
    meta, paragraphs, open_para = {}, [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#"):
            m = re.fullmatch(r"#\s*(title|language|rate)\s*:\s*(.+)", line)
            if m:
                meta[m.group(1)] = m.group(2).strip()
        elif line:
            open_para.append(line)
        elif open_para:
            paragraphs.append(open_para)
            open_para = []
    if open_para:
        paragraphs.append(open_para)
    missing = {"title", "language", "rate"} - meta.keys()
    if missing:
        stop(f"{path.name}: missing headers {sorted(missing)}")
    if meta["language"] not in ("zh", "en", "mixed"):
        stop(f"{path.name}: language {meta['language']!r}")
    return meta, paragraphs


def script(text):
    return "zh" if IS_HAN.search(text) else "en"


def join(texts):
    out = ""
    for t in texts:
        if out and out[-1].isascii() and not out[-1].isspace() and t[0].isascii():
            out += " "
        out += t
    return out


def cut_paragraph(sentences, mixed, rng):
    """Groups one paragraph's sentences into VAD-like segments; returns lists of sentences and inner gaps."""
    groups = []
    i = 0
    while i < len(sentences):
        want = rng.choice((1, 2, 2, 3, 3, 4))
        members, gaps, total = [sentences[i]], [], sentences[i].length
        i += 1
        while i < len(sentences) and len(members) < SEGMENT_SENTENCES[1]:
            nxt = sentences[i]
            if mixed and script(nxt.text) != script(members[0].text):
                break  # another language is another speaker: the VAD cuts
            gap = rng.uniform(0.25, 0.6)
            if total + gap + nxt.length > SEGMENT_SECONDS[1]:
                break
            if len(members) >= want and total >= SEGMENT_SECONDS[0]:
                break
            members.append(nxt)
            gaps.append(gap)
            total += gap + nxt.length
            i += 1
        groups.append([members, gaps, total])
    # A segment under 3 s is joined to a neighbour (the one before, else the one after) when that is allowed.
    k = 0
    while k < len(groups):
        if groups[k][2] >= SEGMENT_SECONDS[0] or len(groups) == 1:
            k += 1
            continue
        merged = False
        for a, b in ((k - 1, k), (k, k + 1)):
            if a < 0 or b >= len(groups):
                continue
            first, second = groups[a], groups[b]
            gap = rng.uniform(0.25, 0.6)
            same_voice = not mixed or script(first[0][-1].text) == script(second[0][0].text)
            if (same_voice and len(first[0]) + len(second[0]) <= SEGMENT_SENTENCES[1]
                    and first[2] + gap + second[2] <= SEGMENT_SECONDS[1]):
                groups[a] = [first[0] + second[0], first[1] + [gap] + second[1], first[2] + gap + second[2]]
                del groups[b]
                merged = True
                break
        if not merged and k > 0 and len(groups[k - 1][0]) > 1:
            # Otherwise the segment before hands over its last sentence, if it stays long enough without it.
            before, short = groups[k - 1], groups[k]
            moved, gap = before[0][-1], before[1][-1]
            rest = before[2] - gap - moved.length
            same_voice = not mixed or script(moved.text) == script(short[0][0].text)
            if same_voice and rest >= SEGMENT_SECONDS[0] and len(short[0]) < SEGMENT_SENTENCES[1]:
                groups[k - 1] = [before[0][:-1], before[1][:-1], rest]
                groups[k] = [[moved] + short[0], [gap] + short[1], moved.length + gap + short[2]]
                merged = True
        if not merged:
            k += 1  # reported by the segment check
    return [(g[0], g[1]) for g in groups]


def build_lecture(path):
    lid = path.stem
    meta, paragraphs = parse_lecture_source(path)
    rng = random.Random(f"dev:{lid}")
    rate = float(meta["rate"])
    mixed = meta["language"] == "mixed"
    sentences, plan = [], []
    for p, lines in enumerate(paragraphs):
        para = []
        for line in lines:
            words, length = time_words(line, rate, rng)
            para.append(Sentence(line, p, words, length))
        sentences += para
        plan.append(cut_paragraph(para, mixed, rng))

    clock = round(rng.uniform(0.6, 1.4), 2)
    segments = []
    for p, groups in enumerate(plan):
        for g, (members, gaps) in enumerate(groups):
            sid = len(segments)
            words = []
            for k, s in enumerate(members):
                placed = [{"word": w, "start": round(clock + a, 2), "end": round(clock + b, 2)} for w, a, b in s.words]
                s.segment, s.start, s.end = sid, placed[0]["start"], placed[-1]["end"]
                words += placed
                clock += s.length + (gaps[k] if k < len(gaps) else 0.0)
            text = join([s.text for s in members])
            language = script(text) if mixed else meta["language"]
            segments.append({"id": sid, "start": words[0]["start"], "end": words[-1]["end"], "text": text,
                             "language": language, "emotion": "NEUTRAL", "event": "Speech", "words": words})
            # Paragraph breaks get a long pause; chapters open paragraphs but so do other topic turns.
            clock += rng.uniform(1.6, 3.0) if g + 1 == len(groups) else rng.uniform(0.6, 1.4)
    for seg in segments:
        n = sum(1 for s in sentences if s.segment == seg["id"])
        d = seg["end"] - seg["start"]
        if not (SEGMENT_SECONDS[0] <= d <= SEGMENT_SECONDS[1]) or not (SEGMENT_SENTENCES[0] <= n <= SEGMENT_SENTENCES[1]):
            stop(f"{lid}: segment {seg['id']} is {d:.2f} s with {n} sentences: {seg['text'][:50]!r}")
    lecture = {"id": lid, "title": meta["title"], "model": "fixture",
               "language": "zh" if mixed else meta["language"], "emotion": "NEUTRAL", "event": "Speech",
               "duration": round(segments[-1]["end"] + 1.0, 2), "text": join([s["text"] for s in segments]),
               "segments": segments}
    return lecture, sentences


def dump_lecture(path, lecture):
    head = [f' {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},' for k, v in lecture.items() if k != "segments"]
    body = ",\n".join("  " + json.dumps(s, ensure_ascii=False, separators=(",", ":")) for s in lecture["segments"])
    text = "{\n" + "\n".join(head) + '\n "segments": [\n' + body + "\n ]\n}\n"
    assert json.loads(text) == lecture
    path.write_text(text, encoding="utf-8")


def check_size(lid, sentences, lecture, counts, minutes):
    n, m = len(sentences), lecture["duration"] / 60.0
    if not (counts[0] <= n <= counts[1] and minutes[0] <= m <= minutes[1]):
        stop(f"{lid}: {n} sentences over {m:.1f} min; wanted {counts} sentences and {minutes} min")
    return n, m


def find(lid, sentences, anchor):
    hits = [k for k, s in enumerate(sentences) if anchor in s.text]
    if len(hits) != 1:
        stop(f"{lid}: anchor {anchor!r} is in {len(hits)} sentences")
    return hits[0]


def find_run(lid, sentences, anchors):
    idx = [find(lid, sentences, a) for a in anchors]
    if idx != list(range(idx[0], idx[0] + len(idx))):
        stop(f"{lid}: anchors {anchors!r} are not consecutive sentences")
    return idx


def rows(path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield f"{path.name}:{n}", line.split("\t")


def lang_of(text):
    return "zh" if IS_HAN.search(text) else "en"


# ------------------------------------------------------------------ the Q&A set

QA_KINDS = ("paraphrase", "number", "cross-language", "span", "direct", "unanswerable")


def build_qa():
    folder = ROOT / "qa"
    lectures = {}
    for path in sorted(folder.glob("*.txt")):
        lecture, sentences = build_lecture(path)
        n, m = check_size(path.stem, sentences, lecture, QA_SENTENCES, QA_MINUTES)
        dump_lecture(folder / f"{path.stem}.json", lecture)
        lectures[path.stem] = sentences
        print(f"qa/{path.stem}: {n} sentences, {len(lecture['segments'])} segments, {m:.1f} min")
    out, per_lecture, crossing = [], {}, 0
    for where, cols in rows(folder / "questions.tsv"):
        if len(cols) not in (4, 5):
            stop(f"{where}: {len(cols)} columns")
        kind, lid, question, anchors = (c.strip() for c in cols[:4])
        if kind not in QA_KINDS:
            stop(f"{where}: kind {kind!r}")
        language = lang_of(question)
        if kind == "unanswerable":
            topic = lid[1:] if lid.startswith("~") else None
            if anchors != "-" or (lid != "-" and topic not in lectures):
                stop(f"{where}: an unanswerable question has lecture '-' or '~<id>' and anchor '-'")
            per_lecture.setdefault(topic or "-", {}).setdefault(kind, 0)
            per_lecture[topic or "-"][kind] += 1
            out.append({"question": question, "language": language, "lectureId": None, "segmentId": None,
                        "answerStart": None, "answerEnd": None, "kind": kind})
            continue
        if lid not in lectures:
            stop(f"{where}: lecture {lid!r}")
        sentences = lectures[lid]
        idx = find_run(lid, sentences, [a.strip() for a in anchors.split("||")])
        if (kind == "span") != (len(idx) in (2, 3)) or len(idx) > 3:
            stop(f"{where}: a span question names two or three sentences, any other kind one")
        if kind == "span" and sentences[idx[0]].segment != sentences[idx[-1]].segment:
            crossing += 1
        if kind == "cross-language" and lang_of(sentences[idx[0]].text) == language:
            stop(f"{where}: a cross-language question is in the answer's language")
        if kind != "cross-language" and lang_of(sentences[idx[0]].text) != language:
            stop(f"{where}: a {kind} question in another language than its answer should be cross-language")
        per_lecture.setdefault(lid, {}).setdefault(kind, 0)
        per_lecture[lid][kind] += 1
        out.append({"question": question, "language": language, "lectureId": lid,
                    "segmentId": sentences[idx[0]].segment, "answerStart": sentences[idx[0]].start,
                    "answerEnd": sentences[idx[-1]].end, "kind": kind})
    questions = [q["question"] for q in out]
    if len(set(questions)) != len(questions):
        stop("a question is written twice")
    (folder / "questions.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    totals = {k: sum(1 for q in out if q["kind"] == k) for k in QA_KINDS}
    print(f"qa/questions.json: {len(out)} questions {totals}; {crossing} span answers cross a segment boundary")
    for lid in sorted(per_lecture):
        print(f"  {lid}: {dict(sorted(per_lecture[lid].items()))}")


# ------------------------------------------------------------------ the notes set

REF_ROWS = """notes/<id>.ref.tsv, tab-separated rows:
  chapter  <title>  <anchor of the chapter's first sentence; it opens a paragraph>
  term     <term>  defines|explains  <anchor of the defining or best explaining sentence>  [aliases; separated; by ;]
  also     <term>  a real term of the lecture a content team might add but would not insist on
  key      <anchor>[ || <anchor> …]  one key point; when a sentence leans on the one before, that one comes first
  anaphor  <anchor>  <anchor of the sentence just before, which it needs>
  name     person|organisation  <a name in the lecture: a distractor, never a glossary term>"""


def mentions(term, text, language):
    if language == "en":
        return re.search(r"(?<![A-Za-z])" + re.escape(term.lower()), text.lower()) is not None
    return term in text


def build_notes():
    folder = ROOT / "notes"
    for path in sorted(folder.glob("*.txt")):
        lid = path.stem
        lecture, sentences = build_lecture(path)
        n, m = check_size(lid, sentences, lecture, NOTES_SENTENCES, NOTES_MINUTES)
        dump_lecture(folder / f"{lid}.json", lecture)
        lang = lecture["language"]
        ref = {"lectureId": lid, "language": lang, "glossary": [], "alsoAcceptable": [], "chapters": [],
               "keyPoints": [], "anaphora": [], "names": []}
        definition_of, anaphors = {}, {}
        key_rows = []
        for where, cols in rows(folder / f"{lid}.ref.tsv"):
            kind = cols[0]
            if kind == "chapter" and len(cols) == 3:
                k = find(lid, sentences, cols[2])
                if k > 0 and sentences[k - 1].paragraph == sentences[k].paragraph:
                    stop(f"{where}: a chapter must open a paragraph")
                ref["chapters"].append({"title": cols[1], "anchor": cols[2], "start": sentences[k].start})
            elif kind == "term" and len(cols) in (4, 5):
                term, how, anchor = cols[1], cols[2], cols[3]
                aliases = [a.strip() for a in cols[4].split(";") if a.strip()] if len(cols) == 5 else []
                if how not in ("defines", "explains"):
                    stop(f"{where}: {how!r} is neither defines nor explains")
                k = find(lid, sentences, anchor)
                if k in definition_of:
                    stop(f"{where}: that sentence already defines {definition_of[k]!r}")
                definition_of[k] = term
                names = [term] + aliases
                if not any(mentions(t, lecture["text"], lang) for t in names):
                    stop(f"{where}: {term!r} never occurs")
                if how == "defines" and not any(mentions(t, sentences[k].text, lang) for t in names):
                    stop(f"{where}: the defining sentence does not name {term!r}")
                first = min(j for j, s in enumerate(sentences) if any(mentions(t, s.text, lang) for t in names))
                if how == "explains" and not (0 <= k - first <= 3):
                    stop(f"{where}: an explaining sentence sits at the first mention or just after it")
                ref["glossary"].append({"term": term, "aliases": aliases, "definitionAnchor": anchor,
                                        "definitionKind": how, "definitionStart": sentences[k].start,
                                        "definitionEnd": sentences[k].end, "segmentId": sentences[k].segment})
            elif kind == "also" and len(cols) == 2:
                if not mentions(cols[1], lecture["text"], lang):
                    stop(f"{where}: {cols[1]!r} never occurs")
                ref["alsoAcceptable"].append(cols[1])
            elif kind == "key" and len(cols) == 2:
                anchors = [a.strip() for a in cols[1].split("||")]
                idx = find_run(lid, sentences, anchors)
                key_rows.append((where, idx))
                ref["keyPoints"].append({"anchors": anchors, "start": sentences[idx[0]].start,
                                         "end": sentences[idx[-1]].end})
            elif kind == "anaphor" and len(cols) == 3:
                k, j = find(lid, sentences, cols[1]), find(lid, sentences, cols[2])
                if j != k - 1:
                    stop(f"{where}: the antecedent is the sentence just before")
                anaphors[k] = j
                ref["anaphora"].append({"anchor": cols[1], "antecedentAnchor": cols[2], "start": sentences[k].start,
                                        "antecedentStart": sentences[j].start})
            elif kind == "name" and len(cols) == 3:
                if cols[1] not in ("person", "organisation") or not mentions(cols[2], lecture["text"], lang):
                    stop(f"{where}: name {cols[2]!r} ({cols[1]}) is not in the lecture")
                ref["names"].append({"name": cols[2], "kind": cols[1]})
            else:
                stop(f"{where}: cannot read {cols!r}\n{REF_ROWS}")
        for where, idx in key_rows:
            if idx[0] in anaphors:
                stop(f"{where}: a key point opens with an anaphoric sentence; name its antecedent first")
        starts = [c["start"] for c in ref["chapters"]]
        if not (4 <= len(starts) <= 7) or starts != sorted(starts) or starts[0] != sentences[0].start:
            stop(f"{lid}: 4-7 chapters in order, the first at the first sentence")
        if not (8 <= len(ref["glossary"]) <= 15) or not (5 <= len(ref["keyPoints"]) <= 10):
            stop(f"{lid}: {len(ref['glossary'])} terms and {len(ref['keyPoints'])} key points")
        terms = {t.lower() for g in ref["glossary"] for t in [g["term"]] + g["aliases"]}
        if terms & {a.lower() for a in ref["alsoAcceptable"]}:
            stop(f"{lid}: a term is both in the glossary and merely acceptable")
        for nm in ref["names"]:
            low = nm["name"].lower()
            if any(low in t or t in low for t in terms):
                stop(f"{lid}: name {nm['name']!r} overlaps a glossary term")
        if len(ref["names"]) < 3:
            stop(f"{lid}: at least three distractor names")
        explains = sum(1 for g in ref["glossary"] if g["definitionKind"] == "explains")
        (folder / f"{lid}.reference.json").write_text(json.dumps(ref, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
        print(f"notes/{lid}: {n} sentences, {len(lecture['segments'])} segments, {m:.1f} min, "
              f"{len(ref['chapters'])} chapters, {len(ref['glossary'])} terms ({explains} explained only), "
              f"{len(ref['keyPoints'])} key points, {len(ref['anaphora'])} anaphora, {len(ref['names'])} names")


if __name__ == "__main__":
    build_qa()
    build_notes()
