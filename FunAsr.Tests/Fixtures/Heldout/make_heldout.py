#!/usr/bin/env python3
"""Builds the held-out evaluation fixtures from the hand-written sources beside this script.

  qa/<id>.txt           one sentence per line; a blank line ends a paragraph (a longer pause, and always a segment break);
                        header lines "# title: …", "# language: …", "# rate: …" (syllables a second); other "#" lines are comments.
  qa/questions.tsv      kind <TAB> lecture id ("-" when nothing answers) <TAB> question <TAB> anchor[ || anchor …]
                        (each anchor a substring of exactly one sentence; several anchors name consecutive sentences).
  notes/<id>.txt        as qa/<id>.txt.
  notes/<id>.ref.tsv    the reference notes, by anchors: chapter/term/key/anaphor/name rows (see NOTES_REF_HELP).
  compliance/sentences.txt   the labelled sentences, with markup for the spans (see COMPLIANCE_HELP) and numbers
                        whose checksums this script computes; compliance/tenant-terms.json (hand-written) names the
                        tenant's customers and project code words.

Outputs: qa/<id>.json, qa/questions.json, notes/<id>.json, notes/<id>.reference.json, compliance/sentences.jsonl.
Word times come from a speaking rate (one syllable per CJK character, vowel groups for
Latin words) with a small jitter from a generator seeded by the lecture id, so every run writes the same bytes.
Anything ambiguous (an anchor in two sentences, a segment outside 3–25 s, a checksum that does not hold) stops the run.
Run: python3 make_heldout.py  (standard library only).
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
    sys.exit(f"make_heldout: {message}")


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


# ---------------------------------------------------------------- qa

KINDS = {"paraphrase", "number", "cross-language", "span", "direct", "unanswerable"}


def build_qa(folder=HERE / "qa", sentence_range=(60, 120), minutes=(6, 12)):
    """The qa set in folder; another held-out set calls it with its own folder and length range."""
    lectures = {}
    for path in sorted(folder.glob("*.txt")):
        lecture, sentences = build_lecture(path)
        n, d = check_length(path.stem, sentences, lecture, sentence_range, minutes)
        write_lecture(folder / f"{path.stem}.json", lecture)
        lectures[path.stem] = sentences
        print(f"qa/{path.stem}: {n} sentences, {len(lecture['segments'])} segments, {d:.1f} min")
    questions = []
    for number, row in tsv_rows(folder / "questions.tsv"):
        if len(row) != 4:
            fail(f"questions.tsv:{number}: {len(row)} columns")
        kind, lecture_id, question, anchors = row
        if kind not in KINDS:
            fail(f"questions.tsv:{number}: kind {kind!r}")
        language = "zh" if CJK.search(question) else "en"
        if lecture_id == "-":
            if kind != "unanswerable" or anchors != "-":
                fail(f"questions.tsv:{number}: an unanswerable question has kind unanswerable and anchor '-'")
            questions.append({"question": question, "language": language, "lectureId": None, "segmentId": None,
                              "answerStart": None, "answerEnd": None, "kind": kind})
            continue
        if lecture_id not in lectures or kind == "unanswerable":
            fail(f"questions.tsv:{number}: lecture {lecture_id!r} / kind {kind!r}")
        sentences = lectures[lecture_id]
        idx = resolve_span(lecture_id, sentences, [a.strip() for a in anchors.split("||")])
        if (kind == "span") != (len(idx) > 1):
            fail(f"questions.tsv:{number}: a span question names two or three sentences, other kinds one")
        if kind == "cross-language":
            answer_lang = "zh" if CJK.search(sentences[idx[0]]["text"]) else "en"
            if answer_lang == language:
                fail(f"questions.tsv:{number}: cross-language question in the answer's language")
        questions.append({"question": question, "language": language, "lectureId": lecture_id,
                          "segmentId": sentences[idx[0]]["segment"], "answerStart": sentences[idx[0]]["start"],
                          "answerEnd": sentences[idx[-1]]["end"], "kind": kind})
    seen = set()
    for q in questions:
        if q["question"] in seen:
            fail(f"duplicate question {q['question']!r}")
        seen.add(q["question"])
    (folder / "questions.json").write_text(json.dumps(questions, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts = {}
    for q in questions:
        counts[q["kind"]] = counts.get(q["kind"], 0) + 1
    print(f"qa/questions.json: {len(questions)} questions {dict(sorted(counts.items()))}")


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


def build_notes(folder=HERE / "notes", sentence_range=(150, 400), minutes=(15, 40), chapter_range=(4, 7),
                term_range=(8, 15), key_point_range=(5, 10), check=None):
    """The notes set in folder; another held-out set calls it with its own ranges and an extra
    check(lecture_id, sentences, language, ref) run before each reference is written."""
    for path in sorted(folder.glob("*.txt")):
        lecture_id = path.stem
        lecture, sentences = build_lecture(path)
        n, d = check_length(lecture_id, sentences, lecture, sentence_range, minutes)
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
        if (not (chapter_range[0] <= len(starts) <= chapter_range[1]) or starts != sorted(starts)
                or starts[0] != sentences[0]["start"]):
            fail(f"{lecture_id}: {chapter_range[0]}-{chapter_range[1]} chapters in order, the first at the first sentence")
        if (not (term_range[0] <= len(ref["glossary"]) <= term_range[1])
                or not (key_point_range[0] <= len(ref["keyPoints"]) <= key_point_range[1])):
            fail(f"{lecture_id}: {len(ref['glossary'])} terms, {len(ref['keyPoints'])} key points")
        terms = [g["term"].lower() for g in ref["glossary"]]
        if set(terms) & {t.lower() for t in ref["alsoAcceptable"]}:
            fail(f"{lecture_id}: a term is both in the glossary and merely acceptable")
        for name in ref["names"]:
            if any(name["name"].lower() in t or t in name["name"].lower() for t in terms):
                fail(f"{lecture_id}: name {name['name']!r} overlaps a term")
        if check is not None:
            check(lecture_id, sentences, language, ref)
        (folder / f"{lecture_id}.reference.json").write_text(json.dumps(ref, ensure_ascii=False, indent=1) + "\n",
                                                              encoding="utf-8")
        print(f"notes/{lecture_id}: {n} sentences, {len(lecture['segments'])} segments, {d:.1f} min, "
              f"{len(ref['chapters'])} chapters, {len(ref['glossary'])} terms, {len(ref['keyPoints'])} key points")


# ---------------------------------------------------------------- compliance

COMPLIANCE_HELP = """compliance/sentences.txt: "<zh|en>|<text>" a line. In the text:
  [[TYPE:literal]]     a sensitive span of TYPE (PHONE, EMAIL, PASSPORT, CUSTOMER, PROJECT) written as is
  [[~TYPE:literal]]    a look-alike of TYPE that is not sensitive (listed under "lookalikes", not "spans")
  {{CARD:brand:fmt}}   a Luhn-valid card number (brand visa|mc|unionpay|unionpay19|amex; fmt plain|spaced|dashed)
  {{ID}} {{ID:X}}      a checksum-valid 18-digit Chinese resident ID number (:X forces the X check character)
  {{IBAN:CC:fmt}}      an IBAN with valid check digits (CC one of DE GB FR NL ES; fmt plain|spaced)
  {{~CARD:…}} {{~ID}} {{~IBAN:…}}   the same shapes with a wrong check digit (look-alikes)"""

TYPES = {"PHONE", "EMAIL", "BANK_CARD", "CN_ID", "IBAN", "PASSPORT", "CUSTOMER", "PROJECT"}


def luhn_ok(digits):
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_check_digit(body):
    for c in "0123456789":
        if luhn_ok(body + c):
            return c
    raise AssertionError


CARD_SHAPES = {"visa": ("4", 16), "mc": ("5", 16), "unionpay": ("62", 16), "unionpay19": ("62", 19), "amex": ("3", 15)}


def make_card(rng, brand, valid):
    prefix, length = CARD_SHAPES[brand]
    if brand == "mc":
        prefix += str(rng.randint(1, 5))
    elif brand == "amex":
        prefix += rng.choice("47")
    elif brand.startswith("unionpay"):
        prefix += rng.choice(["2202", "2848", "1700", "2588", "5902"])
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - 1 - len(prefix)))
    check = luhn_check_digit(body)
    if not valid:
        check = str((int(check) + rng.randint(1, 9)) % 10)
    number = body + check
    assert luhn_ok(number) == valid
    return number


def group(number, sizes, sep):
    out, i = [], 0
    for s in sizes:
        out.append(number[i:i + s])
        i += s
    if i < len(number):
        out.append(number[i:])
    return sep.join(p for p in out if p)


def format_card(number, fmt):
    if fmt == "plain":
        return number
    sizes = [4, 6, 5] if len(number) == 15 else [4, 4, 4, 4, 3]
    return group(number, sizes, " " if fmt == "spaced" else "-")


ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
REGIONS = ["110105", "310115", "440305", "330106", "510107", "320102", "420111", "370202", "610113", "500103"]


def id_check(body17):
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def id_ok(number):
    return len(number) == 18 and number[:17].isdigit() and id_check(number[:17]) == number[17]


def make_id(rng, valid, force_x=False):
    while True:
        year, month = rng.randint(1962, 2003), rng.randint(1, 12)
        day = rng.randint(1, 28)
        body = f"{rng.choice(REGIONS)}{year:04d}{month:02d}{day:02d}{rng.randint(1, 999):03d}"
        check = id_check(body)
        if force_x and check != "X":
            continue
        if not force_x and check == "X" and valid:
            continue  # X ones are asked for explicitly
        if not valid:
            check = rng.choice([c for c in "0123456789" if c != check])
        number = body + check
        assert id_ok(number) == valid
        return number


IBAN_SHAPES = {  # country: list of (kind, length) for the BBAN: 'n' digits, 'a' capital letters
    "DE": [("n", 8), ("n", 10)], "GB": [("a", 4), ("n", 6), ("n", 8)], "FR": [("n", 5), ("n", 5), ("n", 11), ("n", 2)],
    "NL": [("a", 4), ("n", 10)], "ES": [("n", 4), ("n", 4), ("n", 2), ("n", 10)],
}
BANK_LETTERS = {"GB": ["NWBK", "BARC", "HSBC", "LOYD", "MIDL"], "NL": ["ABNA", "RABO", "INGB", "TRIO"]}


def iban_mod97(iban):
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97


def iban_ok(iban):
    return iban[:2].isalpha() and iban[2:4].isdigit() and iban_mod97(iban) == 1


def make_iban(rng, country, valid):
    bban = ""
    for kind, length in IBAN_SHAPES[country]:
        if kind == "a":
            bban += rng.choice(BANK_LETTERS[country])
        else:
            bban += "".join(str(rng.randint(0, 9)) for _ in range(length))
    check = 98 - iban_mod97(country + "00" + bban)
    if not valid:
        check = rng.choice([c for c in range(2, 99) if c != check])
    iban = f"{country}{check:02d}{bban}"
    assert iban_ok(iban) == valid
    return iban


PHONE_RE = re.compile(r"^(?:\+86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}$|^\+(?:[1-9]\d{0,2})[ \-()0-9]{6,16}\d$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
PASSPORT_RE = re.compile(r"^[A-Z]{1,2}\d{7,8}$")
MARKUP = re.compile(r"\[\[(~?)([A-Z_]+):(.+?)\]\]|\{\{(~?)(CARD|ID|IBAN)((?::[A-Za-z0-9]+)*)\}\}")


def build_compliance():
    folder = HERE / "compliance"
    tenant = json.loads((folder / "tenant-terms.json").read_text(encoding="utf-8"))
    tenant_names = {}
    for entry in tenant["terms"]:
        for name in [entry["term"]] + entry.get("aliases", []):
            tenant_names[name] = entry["type"]
    rng = random.Random("compliance")
    rows = []
    for number, raw in enumerate((folder / "sentences.txt").read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        language, _, template = raw.partition("|")
        if language not in ("zh", "en"):
            fail(f"sentences.txt:{number}: language {language!r}\n{COMPLIANCE_HELP}")
        text, spans, lookalikes, pos = "", [], [], 0
        for m in MARKUP.finditer(template):
            text += template[pos:m.start()]
            pos = m.end()
            if m.group(2):
                negative, kind, literal = m.group(1) == "~", m.group(2), m.group(3)
                if kind not in TYPES:
                    fail(f"sentences.txt:{number}: type {kind}")
                ok = {"PHONE": lambda s: PHONE_RE.match(s), "EMAIL": lambda s: EMAIL_RE.match(s),
                      "PASSPORT": lambda s: PASSPORT_RE.match(s),
                      "CUSTOMER": lambda s: tenant_names.get(s) == "CUSTOMER",
                      "PROJECT": lambda s: tenant_names.get(s) == "PROJECT"}.get(kind)
                if ok is None:
                    fail(f"sentences.txt:{number}: {kind} numbers are generated, use {{{{…}}}}")
                if not negative and not ok(literal):
                    fail(f"sentences.txt:{number}: {literal!r} is not a {kind}")
                value = literal
            else:
                negative, kind, args = m.group(4) == "~", m.group(5), m.group(6).split(":")[1:]
                valid = not negative
                if kind == "CARD":
                    brand, fmt = (args + ["plain"])[:2] if args else ("visa", "plain")
                    value, kind = format_card(make_card(rng, brand, valid), fmt), "BANK_CARD"
                elif kind == "ID":
                    value, kind = make_id(rng, valid, force_x=args == ["X"]), "CN_ID"
                else:
                    country, fmt = (args + ["plain"])[:2]
                    value = make_iban(rng, country, valid)
                    if fmt == "spaced":
                        value = group(value, [4] * 9, " ")
            start = len(text)
            text += value
            (lookalikes if negative else spans).append({"start": start, "end": len(text), "type": kind})
        text += template[pos:]
        if "[[" in text or "{{" in text:
            fail(f"sentences.txt:{number}: unclosed markup")
        for s in spans + lookalikes:
            piece = re.sub(r"[ \-]", "", text[s["start"]:s["end"]])
            valid = {"BANK_CARD": luhn_ok, "CN_ID": id_ok, "IBAN": iban_ok}.get(s["type"])
            if valid is not None and valid(piece) != (s in spans):
                fail(f"sentences.txt:{number}: checksum of {piece} disagrees with its label")
        # A long digit run outside the marked spans could be a card or an ID by accident: refuse it.
        marked = [(s["start"], s["end"]) for s in spans + lookalikes]
        for run in re.finditer(r"\d[\d -]{11,}\d", text):
            digits = re.sub(r"\D", "", run.group())
            inside = any(a <= run.start() and run.end() <= b for a, b in marked)
            if not inside and (luhn_ok(digits) and 13 <= len(digits) <= 19 or id_ok(digits)):
                fail(f"sentences.txt:{number}: unmarked {run.group()!r} passes a checksum")
        row = {"text": text, "language": language, "spans": spans}
        if lookalikes:
            row["lookalikes"] = lookalikes
        rows.append(row)
    (folder / "sentences.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                            encoding="utf-8")
    by_type = {}
    for r in rows:
        for s in r["spans"]:
            by_type[s["type"]] = by_type.get(s["type"], 0) + 1
    look = sum(len(r.get("lookalikes", [])) for r in rows)
    clean = sum(1 for r in rows if not r["spans"])
    langs = {l: sum(1 for r in rows if r["language"] == l) for l in ("zh", "en")}
    print(f"compliance/sentences.jsonl: {len(rows)} sentences {langs}, {clean} without a span, "
          f"{look} look-alikes, spans {dict(sorted(by_type.items()))}")


def main():
    build_qa()
    build_notes()
    build_compliance()


if __name__ == "__main__":
    main()
