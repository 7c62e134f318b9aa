"""Qwen2/Qwen3 byte-level BPE written out by hand (neither `tokenizers` nor `regex` is packaged for Debian's python):
the GPT-2 byte alphabet, Qwen's pre-tokenisation pattern, merge training on a small corpus, encode and decode.
Used by make_replicas.py to write the replica tokenizers (vocab.json, merges.txt, tokenizer.json, tokens.txt)."""
import math
import unicodedata


# ---------------------------------------------------------------------------------------------------------------
# Byte-level BPE (GPT-2 byte alphabet, Qwen2/3 pre-tokenisation), written out by hand because neither `tokenizers`
# nor `regex` is packaged for Debian's python here.
# ---------------------------------------------------------------------------------------------------------------

def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(bs, cs)}


BYTE_TO_CHAR = bytes_to_unicode()
CHAR_TO_BYTE = {c: b for b, c in BYTE_TO_CHAR.items()}

QWEN_PATTERN = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""


def is_letter(c):
    return unicodedata.category(c).startswith("L")


def is_number(c):
    return unicodedata.category(c).startswith("N")


def is_space(c):
    return c.isspace()


def pretokenize(text):
    """Hand-written equivalent of QWEN_PATTERN (alternatives tried in order, greedy with backtracking)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        # (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if c == "'":
            low = text[i + 1:i + 3].lower()
            if low[:2] in ("re", "ve", "ll"):
                out.append(text[i:i + 3]); i += 3; continue
            if low[:1] in ("s", "t", "m", "d"):
                out.append(text[i:i + 2]); i += 2; continue
        # [^\r\n\p{L}\p{N}]?\p{L}+
        start = None
        if is_letter(c):
            start = i
        elif c not in "\r\n" and not is_number(c) and i + 1 < n and is_letter(text[i + 1]):
            start = i + 1
        if start is not None:
            j = start
            while j < n and is_letter(text[j]):
                j += 1
            out.append(text[i:j]); i = j; continue
        # \p{N}
        if is_number(c):
            out.append(c); i += 1; continue
        # ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        j = i + 1 if c == " " else i
        k = j
        while k < n and not is_space(text[k]) and not is_letter(text[k]) and not is_number(text[k]):
            k += 1
        if k > j:
            while k < n and text[k] in "\r\n":
                k += 1
            out.append(text[i:k]); i = k; continue
        # whitespace alternatives
        e = i
        while e < n and is_space(text[e]):
            e += 1
        last_nl = max((p for p in range(i, e) if text[p] in "\r\n"), default=-1)
        if last_nl >= 0:  # \s*[\r\n]+
            out.append(text[i:last_nl + 1]); i = last_nl + 1; continue
        if e == n:  # \s+(?!\S) at the end
            out.append(text[i:e]); i = e; continue
        if e - 1 > i:  # \s+(?!\S) leaving one space for the next word
            out.append(text[i:e - 1]); i = e - 1; continue
        out.append(text[i:e]); i = e  # \s+
    return out


def to_byte_chars(word):
    return [BYTE_TO_CHAR[b] for b in word.encode("utf-8")]


def train_bpe(corpus, num_merges):
    words = {}
    for text in corpus:
        for w in pretokenize(text):
            key = tuple(to_byte_chars(w))
            words[key] = words.get(key, 0) + 1
    words = {k: v for k, v in words.items()}
    merges = []
    for _ in range(num_merges):
        pairs = {}
        for w, f in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + f
        if not pairs:
            break
        best = max(sorted(pairs), key=lambda p: pairs[p])
        merges.append(best)
        merged = {}
        for w, f in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1]); i += 2
                else:
                    out.append(w[i]); i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + f
        words = merged
    return merges


class ByteLevelBpe:
    def __init__(self, vocab, merges, specials):
        self.vocab = vocab
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.specials = specials  # content -> id
        self.id_to_token = {i: t for t, i in vocab.items()}

    def bpe(self, word):
        parts = to_byte_chars(word)
        while len(parts) > 1:
            ranked = [(self.ranks.get((a, b), math.inf), i) for i, (a, b) in enumerate(zip(parts, parts[1:]))]
            rank, i = min(ranked)
            if rank == math.inf:
                break
            pair = (parts[i], parts[i + 1])
            out, j = [], 0
            while j < len(parts):
                if j + 1 < len(parts) and (parts[j], parts[j + 1]) == pair:
                    out.append(parts[j] + parts[j + 1]); j += 2
                else:
                    out.append(parts[j]); j += 1
            parts = out
        return [self.vocab[p] for p in parts]

    def encode(self, text):
        ids = []
        i = 0
        while i < len(text):
            hit = next((s for s in sorted(self.specials, key=len, reverse=True) if text.startswith(s, i)), None)
            if hit:
                ids.append(self.specials[hit]); i += len(hit); continue
            nxt = min((p for p in (text.find(s, i) for s in self.specials) if p >= 0), default=len(text))
            for w in pretokenize(unicodedata.normalize("NFC", text[i:nxt])):
                ids.extend(self.bpe(w))
            i = nxt
        return ids

    def decode(self, ids):
        specials = {v: k for k, v in self.specials.items()}
        data = bytearray()
        for i in ids:
            if i in specials:
                data.extend(specials[i].encode("utf-8"))
            else:
                data.extend(CHAR_TO_BYTE[c] for c in self.id_to_token[i])
        return data.decode("utf-8", errors="replace")


# ---------------------------------------------------------------------------------------------------------------
