#!/usr/bin/env python3
"""Builds the second held-out notes set (Heldout2) from the hand-written sources in notes/ beside this script.

Built on ../Heldout/make_heldout.py, whose notes builder (timing model, segmenting and checks) it runs on this set's
folder and length ranges (100-140 sentences, 13-19 minutes, 5-7 chapters, 12-15 glossary terms, 8-10 key points):
the same output formats and the same checks. Two checks are added: a key point that starts with an anaphoric sentence
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
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
# The first held-out set's builder: one implementation, so the sets stay alike.
sys.path.insert(0, str(HERE.parent / "Heldout"))
from make_heldout import build_notes, fail, occurs, resolve  # noqa: E402


def added_checks(lecture_id, sentences, language, ref):
    """An anaphoric key point brings its antecedent; an "explains" anchor follows the term's first mention closely."""
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


def main():
    build_notes(HERE / "notes", sentence_range=(100, 140), minutes=(13, 19), chapter_range=(5, 7), term_range=(12, 15),
                key_point_range=(8, 10), check=added_checks)


if __name__ == "__main__":
    main()
