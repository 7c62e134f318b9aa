#!/usr/bin/env python3
"""Writes sentences.jsonl from sentences.txt: the tuning set for sensitive-information detection.

Each line of sentences.txt is "zh|en<TAB>text". In the text, [[TYPE|span]] marks a sensitive span and
[[~TYPE|span]] a look-alike (same shape, not sensitive). Placeholders inside a span are filled here:
  {card:NETWORK:LAYOUT[:bad]}  NETWORK visa16 visa13 mc16 mc2 amex15 up16 up19 disc16 jcb16; LAYOUT plain spaced dashed
  {id[:x][:bad]}               18-character resident ID (GB 11643), :x forces the X check character
  {iban:CC:LAYOUT[:bad]}       IBAN for country CC (DE GB FR NL ES IT BE CH), LAYOUT compact or grouped
':bad' writes a wrong check digit (Luhn, ISO 7064 MOD 11-2, MOD 97-10). The output has the held-out set's format:
{"text", "language", "spans": [{start, end, type}], "lookalikes": [...]} with UTF-16 offsets (all text is BMP).
Standard library only; the same input always gives the same bytes.
"""
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
rng = random.Random(20261202)

CARD_PREFIX = {"visa16": ("4", 16), "visa13": ("4", 13), "mc16": ("53", 16), "mc2": ("2231", 16), "amex15": ("37", 15),
               "up16": ("621", 16), "up19": ("622", 19), "disc16": ("6011", 16), "jcb16": ("3540", 16)}
CARD_GROUPS = {15: [4, 6, 5], 13: [4, 4, 5], 16: [4, 4, 4, 4], 19: [4, 4, 4, 4, 3]}
IBAN_BBAN = {"DE": "n18", "GB": "a4n14", "FR": "n23", "NL": "a4n10", "ES": "n20", "IT": "a1n22", "BE": "n12", "CH": "n17"}
REGIONS = ["110108", "310104", "440106", "320102", "330106", "510107", "420111", "370202", "210102", "350203"]


def digits(n):
    return "".join(str(rng.randrange(10)) for _ in range(n))


def luhn_check(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def card(network, layout, bad):
    prefix, length = CARD_PREFIX[network]
    body = prefix + digits(length - len(prefix) - 1)
    check = luhn_check(body)
    if bad:
        check = str((int(check) + 1 + rng.randrange(9)) % 10)
    number = body + check
    if layout == "plain":
        return number
    out, at = [], 0
    for size in CARD_GROUPS[length]:
        out.append(number[at:at + size])
        at += size
    return (" " if layout == "spaced" else "-").join(out)


def id_number(force_x, bad):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    checks = "10X98765432"
    for _ in range(10000):
        year = rng.randrange(1955, 2004)
        month = rng.randrange(1, 13)
        day = rng.randrange(1, 29)
        body = rng.choice(REGIONS) + f"{year:04d}{month:02d}{day:02d}" + digits(3)
        check = checks[sum(int(c) * w for c, w in zip(body, weights)) % 11]
        if force_x and check != "X":
            continue
        if bad:
            check = rng.choice([c for c in checks if c != check])
        return body + check
    raise SystemExit("no ID with an X check character found")


def bban(spec):
    out = ""
    for kind, count in re.findall(r"([an])(\d+)", spec):
        out += "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(int(count))) if kind == "a" else digits(int(count))
    return out


def mod97(text):
    value = "".join(str(int(c, 36)) for c in text)
    return int(value) % 97


def iban(country, layout, bad):
    account = bban(IBAN_BBAN[country])
    check = 98 - mod97(account + country + "00")
    if bad:
        check = (check + 1 + rng.randrange(90)) % 97 + 2
    compact = f"{country}{check:02d}{account}"
    assert bad or mod97(compact[4:] + compact[:4]) == 1
    if bad:
        assert mod97(compact[4:] + compact[:4]) != 1
    return compact if layout == "compact" else " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def fill(placeholder):
    parts = placeholder.split(":")
    bad = parts[-1] == "bad"
    if parts[0] == "card":
        return card(parts[1], parts[2], bad)
    if parts[0] == "id":
        return id_number("x" in parts[1:], bad)
    if parts[0] == "iban":
        return iban(parts[1], parts[2], bad)
    raise SystemExit(f"unknown placeholder {{{placeholder}}}")


TYPES = {"PHONE", "EMAIL", "BANK_CARD", "CN_ID", "IBAN", "PASSPORT", "CUSTOMER", "PROJECT"}


def parse(language, source):
    text, spans, lookalikes, at = "", [], [], 0
    for match in re.finditer(r"\[\[(~?)([A-Z_]+)\|(.*?)\]\]", source):
        text += source[at:match.start()]
        kind = match.group(2)
        if kind not in TYPES:
            raise SystemExit(f"unknown type {kind} in: {source}")
        value = re.sub(r"\{([^}]+)\}", lambda m: fill(m.group(1)), match.group(3))
        (lookalikes if match.group(1) else spans).append({"start": len(text), "end": len(text) + len(value), "type": kind})
        text += value
        at = match.end()
    text += source[at:]
    if "{" in text or "[[" in text:
        raise SystemExit(f"placeholder outside a span in: {source}")
    item = {"text": text, "language": language, "spans": spans}
    if lookalikes:
        item["lookalikes"] = lookalikes
    return item


def main():
    lines = []
    for raw in (HERE / "sentences.txt").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        language, _, source = raw.partition("\t")
        if language not in ("zh", "en") or not source:
            raise SystemExit(f"line needs 'zh' or 'en', a tab and the text: {raw}")
        lines.append(json.dumps(parse(language, source), ensure_ascii=False))
    (HERE / "sentences.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} sentences", file=sys.stderr)


if __name__ == "__main__":
    main()
