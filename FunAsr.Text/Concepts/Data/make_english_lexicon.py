#!/usr/bin/env python3
"""Builds en-lexicon.tsv, the English part-of-speech lexicon of the concept extractor, from WordNet 3.0.

Source: Debian's wordnet-base (/usr/share/wordnet), WordNet 3.0, Princeton University (licence below, kept in the output).
Each line: word TAB noun TAB verb TAB adjective TAB adverb [TAB exceptions]. A count is how often the word was tagged in
that part of speech in WordNet's sense-tagged corpus (cntlist.rev, SemCor and friends), 0 when WordNet lists the word in
that part of speech but the corpus never tagged it, '-' when WordNet does not list it there. Kept: the one-word lemmas
(letters and hyphens) of all four parts of speech, except nouns that are only nouns and never tagged: a word the
lexicon does not know reads as a noun anyway, unless WordNet's suffix rules would make it a verb or adjective form
(bedding -> bed), so those nouns stay. The exceptions column holds irregular inflections from the *.exc
files as lemma/pos pairs (went -> go/v, best -> good/a well/r), so the reader can find the lemma of any form with
WordNet's own suffix rules (morphy) plus these.
Run: apt-get install wordnet-base; python3 make_english_lexicon.py
"""
import re
from collections import defaultdict
from pathlib import Path

WORDNET = Path("/usr/share/wordnet")
POS = ("noun", "verb", "adj", "adv")
KEY_POS = {"1": 0, "2": 1, "3": 2, "5": 2, "4": 3}  # the sense key's ss_type: 5 is an adjective satellite
EXC_POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
WORD = re.compile(r"[a-z][a-z-]*[a-z]|[a-z]")
# WordNet's morphy suffix rules (morph.c) for verbs and adjectives.
VERB_RULES = (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""))
ADJECTIVE_RULES = (("er", ""), ("est", ""), ("er", "e"), ("est", "e"))
NOTICE = ("# Derived from WordNet 3.0 by make_english_lexicon.py. WordNet 3.0 Copyright 2006 by Princeton University. "
          "All rights reserved. Permission to use, copy, modify and distribute this database for any purpose and without fee "
          "is granted provided this notice appears on all copies. THE DATABASE IS PROVIDED \"AS IS\" WITHOUT WARRANTIES.")


def main():
    counts = defaultdict(lambda: [None, None, None, None])
    for i, pos in enumerate(POS):
        for line in (WORDNET / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            lemma = line.split(" ", 1)[0]
            if WORD.fullmatch(lemma):
                counts[lemma][i] = 0
    for line in (WORDNET / "cntlist.rev").read_text(encoding="latin-1").splitlines():
        key, _, count = line.split()
        lemma, rest = key.split("%", 1)
        i = KEY_POS[rest[0]]
        if lemma in counts and counts[lemma][i] is not None:
            counts[lemma][i] += int(count)
    exceptions = defaultdict(list)
    for pos in POS:
        for line in (WORDNET / f"{pos}.exc").read_text(encoding="latin-1").splitlines():
            form, *lemmas = line.split()
            if not WORD.fullmatch(form):
                continue
            for lemma in lemmas:
                if WORD.fullmatch(lemma) and lemma != form:
                    exceptions[form].append(f"{lemma}/{EXC_POS[pos]}")
    def listed(word, i):
        return word in counts and counts[word][i] is not None

    def inflects(word):
        return any(word.endswith(suffix) and listed(word[:len(word) - len(suffix)] + ending, i)
                   for i, rules in ((1, VERB_RULES), (2, ADJECTIVE_RULES)) for suffix, ending in rules)

    lines = []
    for word in sorted(set(counts) | set(exceptions)):
        c = counts.get(word, [None] * 4)
        if c[0] == 0 and c[1:] == [None, None, None] and word not in exceptions and not inflects(word):
            continue
        fields = ["-" if c is None else str(c) for c in counts.get(word, [None] * 4)]
        extra = [" ".join(exceptions[word])] if word in exceptions else []
        lines.append("\t".join([word, *fields, *extra]))
    Path(__file__).with_name("en-lexicon.tsv").write_text(NOTICE + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} words")


if __name__ == "__main__":
    main()
