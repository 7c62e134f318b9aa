#!/usr/bin/env python3
"""Builds en-synonyms.tsv, English synonyms for matching a question's words against a lecture's, from WordNet 3.0.

Source: Debian's wordnet-base (/usr/share/wordnet), WordNet 3.0, Princeton University (licence below, kept in the output).
Kept: one-word lemmas of nouns, verbs and adjectives that occur in WordNet's sense-tagged corpus, and for each the other
one-word lemmas of its (at most) three most frequent senses that also occur there; and, apart, the one-word lemmas of the
broader senses (hypernyms) of a noun's or verb's two most frequent senses ("husband" → spouse, "kid" → child), matched for
less. Rare senses and rare words make too many false matches to be worth it.
Output lines: lemma TAB synonym synonym ... TAB broader broader ...
Also en-irregular.tsv: irregular noun and verb forms with their lemma (paid → pay, stolen → steal, children → child), from
WordNet's exception lists, so a stem is the same for every form of a word.
Run: apt-get install wordnet-base; python3 make_english_synonyms.py
"""
import re
from pathlib import Path

WORDNET = Path("/usr/share/wordnet")
MAX_SENSES = 3
MAX_SYNONYMS = 8
MAX_BROADER_SENSES = 2
MAX_BROADER = 6
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

    def synset(pos, offset):
        text = data[pos]
        start = int(offset)
        return text[start:text.index(b"\n", start)].decode("latin-1").split()

    def lemmas(line):
        count = int(line[3], 16)
        return [re.sub(r"\(.*\)$", "", line[4 + 2 * i].lower()) for i in range(count)]

    def hypernyms(line):
        count = int(line[3], 16)
        at = 4 + 2 * count
        pointers = int(line[at])
        for i in range(pointers):
            symbol, offset, pos = line[at + 1 + 4 * i:at + 4 + 4 * i]
            if symbol in ("@", "@i") and pos in ("n", "v"):
                yield synset("noun" if pos == "n" else "verb", offset)

    table = {}
    for lemma, synsets in senses.items():
        synonyms, broader = [], []
        for rank, (pos, offset) in enumerate(synsets):
            line = synset(pos, offset)
            for word in lemmas(line):
                if word != lemma and word in tagged and word not in synonyms:
                    synonyms.append(word)
            if pos != "adj" and rank < MAX_BROADER_SENSES:
                for parent in hypernyms(line):
                    broader.extend(w for w in lemmas(parent) if w != lemma and w in tagged and w not in broader)
        broader = [w for w in broader if w not in synonyms][:MAX_BROADER]
        if synonyms or broader:
            table[lemma] = (synonyms[:MAX_SYNONYMS], broader)
    lines = [f"{lemma}\t{' '.join(words)}\t{' '.join(broader)}" for lemma, (words, broader) in sorted(table.items())]
    Path(__file__).with_name("en-synonyms.tsv").write_text(NOTICE + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} lemmas")
    irregular = {}
    for pos in ("noun", "verb"):
        for line in (WORDNET / f"{pos}.exc").read_text(encoding="latin-1").splitlines():
            form, lemma = line.split()[:2]
            regular = form in (lemma + "s", lemma + "es", lemma + "d", lemma + "ed", lemma + "ing")
            if re.fullmatch(r"[a-z]+", form) and re.fullmatch(r"[a-z]+", lemma) and lemma in tagged and not regular:
                irregular.setdefault(form, lemma)
    Path(__file__).with_name("en-irregular.tsv").write_text(
        NOTICE + "\n" + "\n".join(f"{form}\t{lemma}" for form, lemma in sorted(irregular.items())) + "\n", encoding="utf-8")
    print(f"{len(irregular)} irregular forms")


if __name__ == "__main__":
    main()
