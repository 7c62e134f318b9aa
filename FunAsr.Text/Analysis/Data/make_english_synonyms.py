#!/usr/bin/env python3
"""Builds en-synonyms.tsv, English synonyms for matching a question's words against a lecture's, from WordNet 3.0.

Source: Debian's wordnet-base (/usr/share/wordnet), WordNet 3.0, Princeton University (licence below, kept in the output).
Kept: one-word lemmas of nouns, verbs and adjectives that occur in WordNet's sense-tagged corpus, and for each the other
one-word lemmas of its (at most) three most frequent senses that also occur there. Rare senses and rare words make too many
false matches to be worth it.
Output lines: lemma TAB synonym synonym ...
Run: apt-get install wordnet-base; python3 make_english_synonyms.py
"""
import re
from pathlib import Path

WORDNET = Path("/usr/share/wordnet")
MAX_SENSES = 3
MAX_SYNONYMS = 8
NOTICE = ("# Derived from WordNet 3.0 by make_english_synonyms.py. WordNet 3.0 Copyright 2006 by Princeton University. "
          "All rights reserved. Permission to use, copy, modify and distribute this database for any purpose and without fee "
          "is granted provided this notice appears on all copies. THE DATABASE IS PROVIDED \"AS IS\" WITHOUT WARRANTIES.")


def main():
    tagged, senses = set(), {}
    for pos in ("noun", "verb", "adj"):
        for line in (WORDNET / f"index.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith(" "):
                continue
            fields = line.split()
            lemma, synset_count, pointer_count = fields[0], int(fields[2]), int(fields[3])
            tagged_count = int(fields[5 + pointer_count])
            offsets = fields[6 + pointer_count:6 + pointer_count + synset_count]
            if tagged_count > 0 and re.fullmatch(r"[a-z]+", lemma):
                tagged.add(lemma)
                senses.setdefault(lemma, []).extend((pos, o) for o in offsets[:min(MAX_SENSES, tagged_count)])
    data = {pos: (WORDNET / f"data.{pos}").read_bytes() for pos in ("noun", "verb", "adj")}
    table = {}
    for lemma, synsets in senses.items():
        synonyms = []
        for pos, offset in synsets:
            text = data[pos]
            start = int(offset)
            line = text[start:text.index(b"\n", start)].decode("latin-1").split()
            count = int(line[3], 16)
            for i in range(count):
                word = line[4 + 2 * i].lower()
                word = re.sub(r"\(.*\)$", "", word)
                if word != lemma and word in tagged and word not in synonyms:
                    synonyms.append(word)
        if synonyms:
            table[lemma] = synonyms[:MAX_SYNONYMS]
    lines = [f"{lemma}\t{' '.join(words)}" for lemma, words in sorted(table.items())]
    Path(__file__).with_name("en-synonyms.tsv").write_text(NOTICE + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} lemmas")


if __name__ == "__main__":
    main()
