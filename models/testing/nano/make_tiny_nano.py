#!/usr/bin/env python3
"""Builds the tiny Fun-ASR-Nano LLM model set the C# tests run, and the ids a PyTorch greedy loop produces.

Contract (issue 6): encoder_adaptor.onnx, embedding.onnx, llm.onnx in the KV-delta form, Qwen-style byte-level BPE
tokenizer files. Everything is random-weight and tiny; the point is exact parity of the C# decoder with PyTorch.

Run with Debian's interpreter:  /usr/bin/python3 models/testing/nano/make_tiny_nano.py
Writes fp32/ and fp16/ model folders, bad/ metadata variants, features/*.f32, tokenizer_cases.json, expected.json.
"""
import json
import math
import os
import unicodedata

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))

LLM_DIM = 64
NUM_LAYERS = 2
NUM_HEADS = 4
NUM_KV_HEADS = 2
HEAD_DIM = 16
FFN_DIM = 128
ROPE_THETA = 1e6
RMS_EPS = 1e-6
MAX_TOTAL_LEN = 320
IM_END_BOOST = 1.6
# Smallest top-2 logit gap the chosen inputs must keep, so float noise between PyTorch and ONNX Runtime cannot flip an argmax.
SAFE_MARGIN = {False: 2e-3, True: 2e-2}
NUM_MERGES = 420
SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

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
# Prompt, exactly as Fun-ASR's reference builds it.
# ---------------------------------------------------------------------------------------------------------------

HOTWORD_PREAMBLE = "请结合上下文信息，更加准确地完成语音转写任务。如果没有相关信息，我们会留空。\n\n\n**上下文信息：**\n\n\n"


def user_prompt(hotwords, language, itn):
    p = ""
    if hotwords:
        p = HOTWORD_PREAMBLE + "热词列表：[" + ", ".join(hotwords) + "]\n"
    p += "语音转写成" + language if language else "语音转写"
    if not itn:
        p += "，不进行文本规整"
    return p + "："


def prompt_texts(hotwords, language, itn):
    before = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n" + user_prompt(hotwords, language, itn)
    after = "<|im_end|>\n<|im_start|>assistant\n"
    return before, after


def fake_token_len(t):
    o = 1 + (t - 1) // 2
    o = 1 + (o - 1) // 2
    return (o - 1) // 2 + 1


# ---------------------------------------------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------------------------------------------

class EncoderAdaptor(nn.Module):
    """Stand-in for SenseVoiceEncoderSmall + adaptor: 560-dim LFR frames in, llm_dim out, two stride-2 reductions."""

    def __init__(self, hidden=48):
        super().__init__()
        self.inp = nn.Linear(560, hidden)
        self.conv1 = nn.Conv1d(hidden, hidden, 3, stride=2, padding=1)
        self.conv2 = nn.Conv1d(hidden, LLM_DIM, 3, stride=2, padding=1)
        self.out = nn.Linear(LLM_DIM, LLM_DIM)

    def forward(self, x):
        h = F.gelu(self.inp(x)).transpose(1, 2)
        h = F.gelu(self.conv1(h))
        h = self.conv2(h).transpose(1, 2)
        return self.out(h) * 2.0


class RmsNorm(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(1.0 + 0.1 * torch.randn(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + RMS_EPS) * self.weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def apply_rope(x, positions):
    inv_freq = 1.0 / (ROPE_THETA ** (torch.arange(0, HEAD_DIM, 2, dtype=torch.float32) / HEAD_DIM))
    freqs = positions.to(torch.float32)[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos = emb.cos()[None, :, None, :]
    sin = emb.sin()[None, :, None, :]
    return x * cos + rotate_half(x) * sin


class DecoderLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.input_layernorm = RmsNorm(LLM_DIM)
        self.q_proj = nn.Linear(LLM_DIM, NUM_HEADS * HEAD_DIM, bias=False)
        self.k_proj = nn.Linear(LLM_DIM, NUM_KV_HEADS * HEAD_DIM, bias=False)
        self.v_proj = nn.Linear(LLM_DIM, NUM_KV_HEADS * HEAD_DIM, bias=False)
        self.o_proj = nn.Linear(NUM_HEADS * HEAD_DIM, LLM_DIM, bias=False)
        self.q_norm = RmsNorm(HEAD_DIM)
        self.k_norm = RmsNorm(HEAD_DIM)
        self.post_attention_layernorm = RmsNorm(LLM_DIM)
        self.gate_proj = nn.Linear(LLM_DIM, FFN_DIM, bias=False)
        self.up_proj = nn.Linear(LLM_DIM, FFN_DIM, bias=False)
        self.down_proj = nn.Linear(FFN_DIM, LLM_DIM, bias=False)

    def forward(self, x, positions, cache_k, cache_v, allowed):
        b, s, _ = x.shape
        h = self.input_layernorm(x)
        q = apply_rope(self.q_norm(self.q_proj(h).view(b, s, NUM_HEADS, HEAD_DIM)), positions)
        k = apply_rope(self.k_norm(self.k_proj(h).view(b, s, NUM_KV_HEADS, HEAD_DIM)), positions)
        v = self.v_proj(h).view(b, s, NUM_KV_HEADS, HEAD_DIM)
        total = allowed.shape[-1]
        index = positions.view(1, s, 1, 1).expand(b, s, NUM_KV_HEADS, HEAD_DIM)
        keys = cache_k.scatter(1, index, k)[:, :total]
        values = cache_v.scatter(1, index, v)[:, :total]
        rep = NUM_HEADS // NUM_KV_HEADS
        keys = keys[:, :, :, None, :].expand(b, total, NUM_KV_HEADS, rep, HEAD_DIM).reshape(b, total, NUM_HEADS, HEAD_DIM)
        values = values[:, :, :, None, :].expand(b, total, NUM_KV_HEADS, rep, HEAD_DIM).reshape(b, total, NUM_HEADS, HEAD_DIM)
        scores = torch.einsum("bshd,bthd->bhst", q, keys) / math.sqrt(HEAD_DIM)
        scores = scores.masked_fill(~allowed[:, None, :, :], -1e9)
        attn = torch.einsum("bhst,bthd->bshd", scores.softmax(-1), values).reshape(b, s, NUM_HEADS * HEAD_DIM)
        x = x + self.o_proj(attn)
        h = self.post_attention_layernorm(x)
        x = x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))
        return x, k, v


class Qwen3Decoder(nn.Module):
    """Qwen3-shaped decoder in the KV-delta form: the caller owns the cache, the model returns what to write into it."""

    def __init__(self, vocab_size, im_end):
        super().__init__()
        self.layers = nn.ModuleList([DecoderLayer() for _ in range(NUM_LAYERS)])
        self.norm = RmsNorm(LLM_DIM)
        # Untied (Qwen3-0.6B ties it): with tied random weights every token predicts itself and nothing is exercised.
        self.lm_head = nn.Linear(LLM_DIM, vocab_size, bias=False)
        with torch.no_grad():
            self.lm_head.weight.normal_(0.0, 0.5)
            self.lm_head.weight[im_end] *= IM_END_BOOST

    def forward(self, inputs_embeds, attention_mask, cache_position, *caches):
        total = attention_mask.shape[1]
        key_pos = torch.arange(total, dtype=torch.int64)
        allowed = (attention_mask[:, None, :] == 1) & (key_pos[None, None, :] <= cache_position[None, :, None])
        x = inputs_embeds
        deltas = []
        for i, layer in enumerate(self.layers):
            x, k, v = layer(x, cache_position, caches[2 * i], caches[2 * i + 1], allowed)
            deltas += [k, v]
        logits = self.lm_head(self.norm(x))
        return (logits, *deltas)


class HalfIo(nn.Module):
    """fp16 I/O around fp32 compute: what the fp16 export's callers see."""

    def __init__(self, inner, float_inputs):
        super().__init__()
        self.inner = inner
        self.float_inputs = float_inputs

    def forward(self, *args):
        args = [a.float() if i in self.float_inputs else a for i, a in enumerate(args)]
        out = self.inner(*args)
        return tuple(o.half() for o in out) if isinstance(out, tuple) else out.half()


# ---------------------------------------------------------------------------------------------------------------
# Reference greedy loop (prefill, then one token a step with the cache), and the repetition guard the C# side shares.
# ---------------------------------------------------------------------------------------------------------------

def repetition_cut(ids, max_period=10, min_tokens=20, min_repeats=3):
    """If the tail is one unit of period p repeated, return how many tokens to keep (one copy of the unit), else None."""
    for p in range(1, max_period + 1):
        reps = max(min_repeats, -(-min_tokens // p))
        if len(ids) < p * reps:
            continue
        unit = ids[-p:]
        if all(ids[-(r + 1) * p:len(ids) - r * p] == unit for r in range(reps)):
            return len(ids) - p * (reps - 1)
    return None


@torch.no_grad()
def greedy(encoder, embedding, decoder, tok, feats, hotwords, language, itn, max_new_tokens, guard, fp16):
    dt = torch.float16 if fp16 else torch.float32
    # Qwen3's generation config ends a turn on either token.
    end_ids = (tok.specials["<|im_end|>"], tok.specials["<|endoftext|>"])
    before, after = prompt_texts(hotwords, language, itn)
    before_ids, after_ids = tok.encode(before), tok.encode(after)
    enc = encoder(feats[None])[0]
    n = min(fake_token_len(feats.shape[0]), enc.shape[0])
    embeds = torch.cat([embedding(torch.tensor(before_ids)), enc[:n], embedding(torch.tensor(after_ids))]).to(dt)
    s = embeds.shape[0]
    caches = [torch.zeros(1, MAX_TOTAL_LEN, NUM_KV_HEADS, HEAD_DIM, dtype=dt) for _ in range(2 * NUM_LAYERS)]
    ids, margins = [], []
    pos = 0
    x = embeds[None]
    while True:
        step = x.shape[1]
        out = decoder(x.float(), torch.ones(1, pos + step, dtype=torch.int64), torch.arange(pos, pos + step), *[c.float() for c in caches])
        raw = out[0][0, -1]
        logits = raw.to(dt).float()
        for i, d in enumerate(out[1:]):
            caches[i][:, pos:pos + step] = d.to(dt)
        pos += step
        top2 = torch.topk(raw, 2).values
        margins.append(float(top2[0] - top2[1]))
        nxt = int(torch.argmax(logits))
        if nxt in end_ids:
            stop = "im_end"
            break
        ids.append(nxt)
        if guard:
            keep = repetition_cut(ids)
            if keep is not None:
                ids = ids[:keep]
                stop = "repetition"
                break
        if len(ids) >= max_new_tokens:
            stop = "max_new_tokens"
            break
        if pos + 1 > MAX_TOTAL_LEN:
            stop = "max_total_len"
            break
        x = embedding(torch.tensor([[nxt]])).to(dt)
    return before_ids + [-1] * n + after_ids, ids, stop, min(margins)


@torch.no_grad()
def greedy_without_cache(encoder, embedding, decoder, tok, feats, hotwords, language, itn, steps):
    """Full recomputation each step: checks that the KV-delta bookkeeping above changes nothing."""
    before, after = prompt_texts(hotwords, language, itn)
    enc = encoder(feats[None])[0]
    n = min(fake_token_len(feats.shape[0]), enc.shape[0])
    prefix = torch.cat([embedding(torch.tensor(tok.encode(before))), enc[:n], embedding(torch.tensor(tok.encode(after)))])
    ids = []
    for _ in range(steps):
        x = torch.cat([prefix, embedding(torch.tensor(ids, dtype=torch.int64))])[None] if ids else prefix[None]
        t = x.shape[1]
        caches = [torch.zeros(1, MAX_TOTAL_LEN, NUM_KV_HEADS, HEAD_DIM) for _ in range(2 * NUM_LAYERS)]
        logits = decoder(x, torch.ones(1, t, dtype=torch.int64), torch.arange(t), *caches)[0][0, -1]
        ids.append(int(torch.argmax(logits)))
    return ids


# ---------------------------------------------------------------------------------------------------------------

CORPUS = [
    "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n",
    "<|im_end|>\n<|im_start|>assistant\n",
    HOTWORD_PREAMBLE + "热词列表：[阿里巴巴, 通义千问]\n语音转写：",
    "语音转写成中文：", "语音转写成英文，不进行文本规整：", "语音转写成日文：", "语音转写成粤语：", "语音转写，不进行文本规整：",
    "今天天气很好，我们一起去公园散步。语音识别的准确率越来越高了。",
    "Hello world, this is a speech recognition test. The quick brown fox jumps over the lazy dog. It's working, isn't it?",
    "こんにちは、世界。音声認識のテストです。ありがとうございます。",
    "The meeting starts at 10:30 and ends at 12:45. 会议十点半开始。",
]

TOKENIZER_CASES = [
    "今天天气很好，我们去公园散步吧。",
    "Hello world, it's a test of 12345 numbers!",
    "こんにちは、世界。カタカナとひらがな。",
    "I ❤️ emoji 🎉🚀 and 😀!",
    "<|im_start|>user\n你好 world<|im_end|>\n<|endoftext|>",
    "  multiple   spaces\n\n newline\ttab end ",
    "We'll see: don't SHOUT, I'M here. 한국어 텍스트 Ünïcödé",
    "语音转写成英文，不进行文本规整：",
]


def export(model, args, path, input_names, output_names, dynamic_axes, metadata):
    torch.onnx.export(model, args, path, input_names=input_names, output_names=output_names,
                      dynamic_axes=dynamic_axes, opset_version=17, do_constant_folding=True)
    m = onnx.load(path)
    for k, v in metadata.items():
        e = m.metadata_props.add()
        e.key, e.value = k, str(v)
    onnx.save(m, path)


def write_model_folder(folder, encoder, embedding, decoder, fp16, tokenizer_files):
    os.makedirs(folder, exist_ok=True)
    for name, content in tokenizer_files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(content)
    export(encoder, (torch.randn(1, 40, 560),), os.path.join(folder, "encoder_adaptor.onnx"), ["x"], ["encoder_out"],
           {"x": {1: "T"}, "encoder_out": {1: "T_out"}},
           {"lfr_window_size": 7, "lfr_window_shift": 6, "normalize_samples": 0,
            "model_type": "sense_voice_encoder_adaptor", "llm_dim": LLM_DIM})
    emb = HalfIo(embedding, set()) if fp16 else embedding
    export(emb, (torch.zeros(1, 5, dtype=torch.int64),), os.path.join(folder, "embedding.onnx"), ["input_ids"], ["embeddings"],
           {"input_ids": {0: "B", 1: "S"}, "embeddings": {0: "B", 1: "S"}}, {"model_type": "qwen3_embedding"})
    dt = torch.float16 if fp16 else torch.float32
    dec = HalfIo(decoder, {0} | set(range(3, 3 + 2 * NUM_LAYERS))) if fp16 else decoder
    s = 6
    args = (torch.randn(1, s, LLM_DIM).to(dt), torch.ones(1, s, dtype=torch.int64), torch.arange(s),
            *[torch.zeros(1, MAX_TOTAL_LEN, NUM_KV_HEADS, HEAD_DIM, dtype=dt) for _ in range(2 * NUM_LAYERS)])
    cache_names = [f"cache_{kv}_{i}" for i in range(NUM_LAYERS) for kv in ("key", "value")]
    delta_names = [f"{kv}_delta_{i}" for i in range(NUM_LAYERS) for kv in ("key", "value")]
    axes = {"inputs_embeds": {0: "B", 1: "S"}, "attention_mask": {0: "B", 1: "total"}, "cache_position": {0: "S"},
            "logits": {0: "B", 1: "S"}}
    axes.update({n: {0: "B"} for n in cache_names})
    axes.update({n: {0: "B", 1: "S"} for n in delta_names})
    export(dec, args, os.path.join(folder, "llm.onnx"), ["inputs_embeds", "attention_mask", "cache_position", *cache_names],
           ["logits", *delta_names], axes,
           {"model_type": "qwen3_kv_delta", "max_total_len": MAX_TOTAL_LEN, "num_layers": NUM_LAYERS,
            "num_kv_heads": NUM_KV_HEADS, "head_dim": HEAD_DIM, "hidden_size": LLM_DIM,
            "io_dtype": "fp16" if fp16 else "fp32", "vocab_size": decoder.lm_head.out_features})


def write_bad_variants(fp32_folder, bad_folder):
    os.makedirs(bad_folder, exist_ok=True)
    for name, key, value in [("llm-layers-mismatch.onnx", "num_layers", "3"), ("llm-dtype-mismatch.onnx", "io_dtype", "fp16")]:
        m = onnx.load(os.path.join(fp32_folder, "llm.onnx"))
        for p in m.metadata_props:
            if p.key == key:
                p.value = value
        onnx.save(m, os.path.join(bad_folder, name))


def main():
    torch.manual_seed(20251125)

    merges = train_bpe(CORPUS, NUM_MERGES)
    vocab = {c: i for i, c in enumerate(BYTE_TO_CHAR[b] for b in range(256))}
    for a, b in merges:
        if a + b not in vocab:
            vocab[a + b] = len(vocab)
    specials = {s: len(vocab) + i for i, s in enumerate(SPECIALS)}
    tok = ByteLevelBpe(vocab, merges, specials)
    vocab_size = len(vocab) + len(specials)

    added = [{"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
              "special": True} for s, i in specials.items()]
    tokenizer_json = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": QWEN_PATTERN}, "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}]},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "vocab": vocab,
                  "merges": [f"{a} {b}" for a, b in merges]},
    }
    tokenizer_config = {
        "add_prefix_space": False, "bos_token": None, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
        "model_max_length": 131072, "tokenizer_class": "Qwen2Tokenizer", "errors": "replace",
        "added_tokens_decoder": {str(i): {"content": s, "lstrip": False, "normalized": False, "rstrip": False,
                                          "single_word": False, "special": True} for s, i in specials.items()},
    }
    tokenizer_files = {
        "vocab.json": json.dumps(vocab, ensure_ascii=False),
        "merges.txt": "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges),
        "tokenizer.json": json.dumps(tokenizer_json, ensure_ascii=False),
        "tokenizer_config.json": json.dumps(tokenizer_config, ensure_ascii=False, indent=1),
    }

    cases = []
    for text in TOKENIZER_CASES:
        ids = tok.encode(text)
        assert tok.decode(ids) == unicodedata.normalize("NFC", text), text
        cases.append({"text": text, "ids": ids})

    encoder = EncoderAdaptor().eval()
    embedding = nn.Embedding(vocab_size, LLM_DIM)
    decoder = Qwen3Decoder(vocab_size, specials["<|im_end|>"]).eval()

    prompts = [
        ("plain", 41, [], None, True),
        ("hotwords", 41, ["阿里巴巴", "FunASR"], None, True),
        ("zh-noitn", 73, [], "中文", False),
        ("en-hotwords-noitn", 128, ["Qwen", "通义"], "英文", False),
        ("ja", 97, [], "日文", True),
        ("loop", 60, [], None, True),
    ]
    # The stop reason each case must show with the guard on, so every way out of the loop is covered.
    wanted_stop = {"zh-noitn": "im_end", "loop": "repetition", "plain": "max_new_tokens"}
    os.makedirs(os.path.join(HERE, "features"), exist_ok=True)
    expected = []
    for name, frames, hotwords, language, itn in prompts:
        for seed in range(1000):
            feats = torch.randn(frames, 560, generator=torch.Generator().manual_seed(seed))
            runs = []
            for fp16 in (False, True):
                for guard, max_new in ((True, 100), (False, 24)):
                    runs.append((fp16, guard, max_new,
                                 greedy(encoder, embedding, decoder, tok, feats, hotwords, language, itn, max_new, guard, fp16)))
            if all(r[3][3] >= SAFE_MARGIN[r[0]] for r in runs) and \
                    all(r[3][2] == wanted_stop.get(name, r[3][2]) for r in runs if r[1]):
                break
        else:
            raise SystemExit(f"no input for {name} keeps the argmax margins safe")
        feats.numpy().astype("<f4").tofile(os.path.join(HERE, "features", f"{name}.f32"))
        for fp16, guard, max_new, (prompt_ids, ids, stop, margin) in runs:
            expected.append({"name": name, "io_dtype": "fp16" if fp16 else "fp32", "features": f"{name}.f32",
                             "frames": frames, "hotwords": hotwords, "language": language, "itn": itn,
                             "max_new_tokens": max_new, "repetition_guard": guard, "prompt_ids": prompt_ids,
                             "ids": ids, "stop": stop, "text": tok.decode(ids), "min_top2_margin": round(margin, 5)})
            if not fp16 and not guard:
                check = greedy_without_cache(encoder, embedding, decoder, tok, feats, hotwords, language, itn, len(ids))
                assert check == ids, (name, check, ids)

    write_model_folder(os.path.join(HERE, "fp32"), encoder, embedding, decoder, False, tokenizer_files)
    write_model_folder(os.path.join(HERE, "fp16"), encoder, embedding, decoder, True, tokenizer_files)
    write_bad_variants(os.path.join(HERE, "fp32"), os.path.join(HERE, "bad"))

    with open(os.path.join(HERE, "tokenizer_cases.json"), "w", encoding="utf-8") as f:
        json.dump({"vocab_size": vocab_size, "specials": specials, "cases": cases}, f, ensure_ascii=False, indent=1)
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"max_total_len": MAX_TOTAL_LEN, "cases": expected}, f, ensure_ascii=False, indent=1)
    for e in expected:
        print(f"{e['io_dtype']} {e['name']:18} guard={e['repetition_guard']!s:5} stop={e['stop']:14} "
              f"n={len(e['ids']):3} prompt={len(e['prompt_ids']):3} margin={e['min_top2_margin']}")
    print(f"vocab {vocab_size}, merges {len(merges)}")


if __name__ == "__main__":
    main()
