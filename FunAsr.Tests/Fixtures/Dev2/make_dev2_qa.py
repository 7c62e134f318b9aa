#!/usr/bin/env python3
"""Builds the second development (tuning) Q&A set (Dev2/qa) from the hand-written sources beside this script.

  qa/<id>.txt           one sentence per line; a blank line ends a paragraph (a longer pause, and always a segment break);
                        header lines "# title: …", "# language: …", "# rate: …" (syllables a second); other "#" lines are comments.
  qa/questions.tsv      kind <TAB> lecture id ("-" when nothing answers) <TAB> question <TAB> anchor[ || anchor …]
                        (each anchor a substring of exactly one sentence; several anchors name consecutive sentences).

Outputs: qa/<id>.json, qa/questions.json, in the formats of ../Heldout/README.md.
It runs the qa builder of ../Heldout/make_heldout.py (timing model, segmenting and checks) on this folder with this
set's length range (55-70 sentences, 6-10 minutes), so the formats and checks are the same. Word times come from a
speaking rate with a small jitter seeded by the lecture id, so every run writes the same bytes. Anything ambiguous
(an anchor in zero or two sentences, a segment outside 3-25 s, a lecture out of range) stops the run.
This set is for tuning: see README.md.
Run: python3 make_dev2_qa.py  (standard library only).
"""
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
# The held-out set's builder: one implementation, so the sets stay alike.
sys.path.insert(0, str(HERE.parent / "Heldout"))
from make_heldout import build_qa  # noqa: E402


def main():
    build_qa(HERE / "qa", sentence_range=(55, 70), minutes=(6, 10))


if __name__ == "__main__":
    main()
