#!/usr/bin/python3
"""Full-size random-weight Fun-ASR-Nano LLM export laid out as the sherpa-onnx int8 archive, for benchmarks only
(never committed; bench/out/ is git-ignored).

    /usr/bin/python3 bench/nano/make_fullsize_nano.py [--out bench/out/sherpa-funasr-nano-int8-fullsize] [--layers 28]

Writes, as sherpa-onnx-funasr-nano-int8-2025-12-30 unpacks: encoder_adaptor.int8.onnx, embedding.int8.onnx,
llm.int8.onnx and Qwen3-0.6B/ (the replicas' small tokenizer: ids above its vocabulary decode to nothing).

Shapes are the real ones: a SenseVoiceEncoderSmall-sized encoder (50 + 20 SAN-M blocks, d 512, 4 heads, FFN 2048, FSMN
kernel 11) and Fun-ASR-Nano's adaptor (downsample rate 1: 512 -> 2048 -> 1024, two 1024-wide transformer layers), so the
encoder returns T_lfr frames as the published one does; a Qwen3-0.6B decoder (hidden 1024, 28 layers, 16 heads over 8 KV
heads, head_dim 128, FFN 3072, vocab 151936, RoPE theta 1e6, RMSNorm with q/k norms, SwiGLU) in the unified KV-delta
form of Wasser1462 scripts/qwen.py @3ced2c1 (Qwen3UnifiedKvDelta): cache read as cache[:, :max(past,1)], the
attention_mask's last S columns as the key mask of the new tokens, causal by absolute cache_position, logits for every
position, RoPE-applied key deltas; max_total_len 512 (run.sh: --seq-len 256 --past-len 256).

int8 as that archive was made (no Python onnxruntime here, so bench/quantize_int8.py does quantize_dynamic's rewrite):
llm.int8.onnx QInt8 symmetric per-channel weights (export_llm_onnx.py quantize_int8_dynamic_no_data), the
encoder_adaptor QUInt8 per-tensor MatMuls (export_encoder_adaptor_onnx.py), the embedding table uint8 + DequantizeLinear
(export_embedding_onnx.py quantize_embedding_model). Every int8 file is one file, no external data, as published.
Takes ~20-30 min and ~8 GB of memory on the shared 2-core machine.
"""
import argparse
import gc
import math
import os
import shutil
import sys

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "models", "testing"))
from quantize_int8 import quantize_gather_uint8, quantize_matmuls  # noqa: E402
from make_random_models import SanmBlock, sinusoidal  # noqa: E402

LLM_DIM, HEADS, KV_HEADS, HEAD_DIM, FFN = 1024, 16, 8, 128, 3072
ROPE_THETA, RMS_EPS, MAX_TOTAL_LEN = 1e6, 1e-6, 512


class RmsNorm(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + RMS_EPS) * self.weight


class DecoderLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.input_layernorm = RmsNorm(LLM_DIM)
        self.q_proj = nn.Linear(LLM_DIM, HEADS * HEAD_DIM, bias=False)
        self.k_proj = nn.Linear(LLM_DIM, KV_HEADS * HEAD_DIM, bias=False)
        self.v_proj = nn.Linear(LLM_DIM, KV_HEADS * HEAD_DIM, bias=False)
        self.o_proj = nn.Linear(HEADS * HEAD_DIM, LLM_DIM, bias=False)
        self.q_norm = RmsNorm(HEAD_DIM)
        self.k_norm = RmsNorm(HEAD_DIM)
        self.post_attention_layernorm = RmsNorm(LLM_DIM)
        self.gate_proj = nn.Linear(LLM_DIM, FFN, bias=False)
        self.up_proj = nn.Linear(LLM_DIM, FFN, bias=False)
        self.down_proj = nn.Linear(FFN, LLM_DIM, bias=False)


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    return x * cos + torch.cat((-x[..., half:], x[..., :half]), dim=-1) * sin


def heads_of(t, groups):
    """[B,KV,T,hd] -> [B,KV*groups,T,hd], each KV head repeated (expand + reshape: torch 1.13 mis-exports repeat_interleave)."""
    b, kv, n, hd = t.shape
    return t[:, :, None].expand(b, kv, groups, n, hd).reshape(b, kv * groups, n, hd)


class UnifiedKvDeltaQwen3(nn.Module):
    def __init__(self, layers, vocab):
        super().__init__()
        self.layers = nn.ModuleList([DecoderLayer() for _ in range(layers)])
        self.norm = RmsNorm(LLM_DIM)
        self.lm_head = nn.Linear(LLM_DIM, vocab, bias=False)
        self.register_buffer("inv_freq", 1.0 / (ROPE_THETA ** (torch.arange(0, HEAD_DIM, 2, dtype=torch.float32) / HEAD_DIM)))

    def forward(self, inputs_embeds, attention_mask, cache_position, *caches):
        x = inputs_embeds
        b, s = x.shape[0], x.shape[1]
        past = cache_position[0]
        past_cache = torch.clamp(past, min=1)
        freqs = cache_position.to(torch.float32)[:, None] * self.inv_freq[None, :]
        angles = torch.cat((freqs, freqs), dim=-1)
        cos, sin = angles.cos()[None, None], angles.sin()[None, None]
        # Key mask: every cached position when past > 0, the new tokens as attention_mask's last S columns say.
        chunk = (attention_mask[:, attention_mask.shape[1] - s:] > 0).to(torch.float32)
        cached = torch.ones_like(caches[0][:, :past_cache, 0, 0]) * (past > 0).to(torch.float32)
        pad = (1.0 - torch.cat([cached, chunk], dim=1))[:, None, None, :] * 1e4
        key_pos = torch.cat([torch.arange(past_cache, dtype=cache_position.dtype), cache_position])
        causal = torch.where(key_pos[None, :] <= cache_position[:, None], torch.zeros(()), torch.full((), -1e4))[None, None]
        bias = causal - pad
        groups = HEADS // KV_HEADS
        deltas = []
        for i, layer in enumerate(self.layers):
            h = layer.input_layernorm(x)
            q = layer.q_norm(layer.q_proj(h).view(b, s, HEADS, HEAD_DIM).transpose(1, 2))
            k = layer.k_norm(layer.k_proj(h).view(b, s, KV_HEADS, HEAD_DIM).transpose(1, 2))
            v = layer.v_proj(h).view(b, s, KV_HEADS, HEAD_DIM).transpose(1, 2)
            q, k = rotate(q, cos, sin), rotate(k, cos, sin)
            cache_k = heads_of(caches[2 * i][:, :past_cache].transpose(1, 2), groups)
            cache_v = heads_of(caches[2 * i + 1][:, :past_cache].transpose(1, 2), groups)
            scores = torch.cat([q @ cache_k.transpose(-1, -2), q @ heads_of(k, groups).transpose(-1, -2)], dim=-1)
            attn = torch.softmax(scores / math.sqrt(HEAD_DIM) + bias, dim=-1)
            out = attn[..., :past_cache] @ cache_v + attn[..., past_cache:] @ heads_of(v, groups)
            x = x + layer.o_proj(out.transpose(1, 2).reshape(b, s, HEADS * HEAD_DIM))
            g = layer.post_attention_layernorm(x)
            x = x + layer.down_proj(F.silu(layer.gate_proj(g)) * layer.up_proj(g))
            deltas += [k.transpose(1, 2), v.transpose(1, 2)]
        return (self.lm_head(self.norm(x)), *deltas)


class AdaptorLayer(nn.Module):
    def __init__(self, dim=LLM_DIM, heads=8, ffn=2048):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.ffn1 = nn.Linear(dim, ffn)
        self.ffn2 = nn.Linear(ffn, dim)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = (z.reshape(b, t, self.heads, d // self.heads).transpose(1, 2) for z in self.qkv(self.norm1(x)).split(d, dim=-1))
        attn = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d // self.heads), dim=-1) @ v
        x = x + self.out(attn.transpose(1, 2).reshape(b, t, d))
        return x + self.ffn2(F.relu(self.ffn1(self.norm2(x))))


class EncoderAdaptor(nn.Module):
    """SenseVoiceEncoderSmall-sized SAN-M stack + Fun-ASR-Nano's Transformer adaptor (downsample rate 1): T_lfr frames out."""

    def __init__(self, blocks=50, tp_blocks=20):
        super().__init__()
        self.blocks = nn.ModuleList([SanmBlock(560, 512, 4, 2048)] + [SanmBlock(512, 512, 4, 2048) for _ in range(blocks - 1)])
        self.after_norm = nn.LayerNorm(512)
        self.tp_blocks = nn.ModuleList([SanmBlock(512, 512, 4, 2048) for _ in range(tp_blocks)])
        self.tp_norm = nn.LayerNorm(512)
        self.linear1 = nn.Linear(512, 2048)
        self.linear2 = nn.Linear(2048, LLM_DIM)
        self.layers = nn.ModuleList([AdaptorLayer() for _ in range(2)])

    def forward(self, x):
        mask = torch.ones_like(x[:, :, 0])
        x = x * 560 ** 0.5 + sinusoidal(x.shape[1], 560, x.device)
        for block in self.blocks:
            x = block(x, mask)
        x = self.after_norm(x)
        for block in self.tp_blocks:
            x = block(x, mask)
        h = self.linear2(F.relu(self.linear1(self.tp_norm(x))))
        for layer in self.layers:
            h = layer(h)
        return h


def export(model, args, path, inputs, outputs, axes, metadata, quantize):
    """torch.onnx.export into a scratch folder (external data past 2 GB), quantise, write one file with metadata."""
    scratch = path + ".export"
    os.makedirs(scratch, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(model, args, os.path.join(scratch, "model.onnx"), input_names=inputs, output_names=outputs,
                          dynamic_axes=axes, opset_version=17, do_constant_folding=True)
    m = onnx.load(os.path.join(scratch, "model.onnx"))
    shutil.rmtree(scratch)
    print(f"{os.path.basename(path)}: {quantize(m)}", flush=True)
    for k, v in metadata.items():
        e = m.metadata_props.add()
        e.key, e.value = k, str(v)
    onnx.save_model(m, path)
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.0f} MB)", flush=True)
    del m
    gc.collect()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out", "sherpa-funasr-nano-int8-fullsize"))
    ap.add_argument("--layers", type=int, default=28)
    ap.add_argument("--vocab", type=int, default=151936)
    ap.add_argument("--encoder-blocks", type=int, default=50)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    tokenizer = os.path.join(ROOT, "models", "testing", "replicas", "sherpa-funasr-nano-int8-2025-12-30", "Qwen3-0.6B")
    shutil.copytree(tokenizer, os.path.join(a.out, "Qwen3-0.6B"), dirs_exist_ok=True)
    torch.manual_seed(0)

    with torch.no_grad():
        encoder = EncoderAdaptor(a.encoder_blocks).eval()
        for p in encoder.parameters():
            if p.dim() == 2:
                p.mul_(0.5)
    export(encoder, (torch.randn(1, 50, 560),), os.path.join(a.out, "encoder_adaptor.int8.onnx"), ["x"], ["encoder_out"],
           {"x": {1: "T"}, "encoder_out": {1: "T"}},
           {"lfr_window_size": 7, "lfr_window_shift": 6, "normalize_samples": 0, "model_type": "sense_voice_encoder_adaptor",
            "version": "1", "model_author": "FunAudioLLM", "encoder_output_size": 512, "llm_dim": LLM_DIM,
            "comment": "FunAudioLLM/Fun-ASR-Nano-2512 (random-weight full-size benchmark replica)"},
           lambda m: f"{quantize_matmuls(m, 'uint8', per_channel=False)} MatMuls uint8 per tensor")
    del encoder
    gc.collect()

    embedding = nn.Embedding(a.vocab, LLM_DIM)
    with torch.no_grad():
        embedding.weight.normal_(0.0, 0.05)

    class Embed(nn.Module):
        def __init__(self, table):
            super().__init__()
            self.table = table

        def forward(self, input_ids):
            return self.table(input_ids)

    export(Embed(embedding), (torch.zeros(1, 5, dtype=torch.int64),), os.path.join(a.out, "embedding.int8.onnx"), ["input_ids"],
           ["embeddings"], {"input_ids": {0: "batch_size", 1: "sequence_length"}, "embeddings": {0: "batch_size", 1: "sequence_length"}},
           {"model_type": "embedding_layer", "version": "1", "model_author": "FunAudioLLM", "vocab_size": a.vocab, "hidden_size": LLM_DIM},
           lambda m: "Gather table uint8" if quantize_gather_uint8(m) else "no Gather found")
    del embedding
    gc.collect()

    llm = UnifiedKvDeltaQwen3(a.layers, a.vocab).eval()
    with torch.no_grad():
        for name, p in llm.named_parameters():
            if p.dim() == 2:
                p.normal_(0.0, 0.02)
    n = a.layers
    cache_names = [f"cache_{kv}_{i}" for i in range(n) for kv in ("key", "value")]
    delta_names = [f"{kv}_delta_{i}" for i in range(n) for kv in ("key", "value")]
    axes = {"inputs_embeds": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "total_seq"}, "cache_position": {0: "seq"},
            "logits": {0: "batch", 1: "seq"}}
    axes.update({c: {0: "batch"} for c in cache_names})
    axes.update({d: {0: "batch", 1: "seq"} for d in delta_names})
    s, past = 4, 3
    args = (torch.randn(1, s, LLM_DIM), torch.ones(1, past + s, dtype=torch.int64), torch.arange(past, past + s),
            *[torch.zeros(1, MAX_TOTAL_LEN, KV_HEADS, HEAD_DIM) for _ in range(2 * n)])
    export(llm, args, os.path.join(a.out, "llm.int8.onnx"), ["inputs_embeds", "attention_mask", "cache_position", *cache_names],
           ["logits", *delta_names], axes,
           {"model_type": "qwen3_causallm_unified_prefill_decode_kv_delta", "version": "1", "hidden_size": LLM_DIM,
            "vocab_size": a.vocab, "num_layers": n, "max_total_len": MAX_TOTAL_LEN, "io_dtype": "float32",
            "num_kv_heads": KV_HEADS, "head_dim": HEAD_DIM, "quantization_type": "int8"},
           lambda m: f"{quantize_matmuls(m, 'int8', per_channel=True)} MatMuls int8 per channel")


if __name__ == "__main__":
    main()
