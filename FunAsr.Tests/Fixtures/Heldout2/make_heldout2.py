#!/usr/bin/env python3
"""Builds the second held-out notes set (Heldout2) from the hand-written sources in notes/ beside this script.

Built on ../Heldout/make_heldout.py, whose timing model, segmenting and checks it imports: the same output formats, the same timing model and the same checks, with the
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
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
# The timing model, the segmenting and the checks are the first held-out set's: one implementation, so the sets stay alike.
sys.path.insert(0, str(HERE.parent / "Heldout"))
from make_heldout import (  # noqa: E402
    build_lecture, check_length, fail, resolve, resolve_span, tsv_rows, write_lecture,
)

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
