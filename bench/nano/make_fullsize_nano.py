#!/usr/bin/env python3
"""Random-weight Fun-ASR-Nano LLM export at full size, for benchmarks only (never committed).

Dimensions: Qwen3-0.6B decoder (hidden 1024, 28 layers, 16 heads, 8 KV heads, head_dim 128, FFN 3072, vocab 151936,
rope theta 1e6) in the KV-delta form with max_total_len 512; a SenseVoiceSmall-sized encoder (SAN-M-like blocks:
d 512, 4 heads, FFN 2048, FSMN kernel 11, 50 + 20 blocks) and an adaptor (two stride-2 reductions, 512 -> 1024,
2 transformer layers). The tokenizer is the replicas' Qwen3-0.6B/ (ids above its vocabulary decode to nothing).

  /usr/bin/python3 bench/nano/make_fullsize_nano.py [--layers 28] [--encoder-blocks 70] [--out bench/out/nano-fullsize]
Writes <out>/fp32 and <out>/fp16 laid out as the sherpa-onnx archives (sherpa-onnx-funasr-nano[-fp16]-2025-12-30:
encoder_adaptor, embedding, llm.fp32.onnx / llm.fp16.onnx, Qwen3-0.6B/), the fp16 one with float16 KV cache and float32
embeds and logits as published (weights stay fp32: benchmarks only), large weights as external <stem>.data.
"""
import argparse
import gc
import importlib.util
import math
import os
import shutil

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
spec = importlib.util.spec_from_file_location("tiny", os.path.join(ROOT, "models", "testing", "replicas", "make_replicas.py"))
tiny = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tiny)

ENC_DIM, ENC_HEADS, ENC_FFN, FSMN_KERNEL = 512, 4, 2048, 11


class SanmBlock(nn.Module):
    """Self-attention with an FSMN memory on the values, then a ReLU feed-forward (SenseVoice's SAN-M encoder layer)."""

    def __init__(self, in_dim):
        super().__init__()
        self.norm1 = nn.LayerNorm(in_dim)
        self.qkv = nn.Linear(in_dim, 3 * ENC_DIM)
        self.fsmn = nn.Conv1d(ENC_DIM, ENC_DIM, FSMN_KERNEL, padding=FSMN_KERNEL // 2, groups=ENC_DIM, bias=False)
        self.out = nn.Linear(ENC_DIM, ENC_DIM)
        self.norm2 = nn.LayerNorm(ENC_DIM)
        self.ffn1 = nn.Linear(ENC_DIM, ENC_FFN)
        self.ffn2 = nn.Linear(ENC_FFN, ENC_DIM)
        self.residual = in_dim == ENC_DIM

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.norm1(x)).split(ENC_DIM, dim=-1)
        memory = self.fsmn(v.transpose(1, 2)).transpose(1, 2) + v
        hd = ENC_DIM // ENC_HEADS
        q, k, vh = (z.view(b, t, ENC_HEADS, hd).transpose(1, 2) for z in (q, k, v))
        attn = ((q @ k.transpose(-1, -2)) / math.sqrt(hd)).softmax(-1) @ vh
        h = self.out(attn.transpose(1, 2).reshape(b, t, ENC_DIM)) + memory
        x = x + h if self.residual else h
        return x + self.ffn2(F.relu(self.ffn1(self.norm2(x))))


class AdaptorLayer(nn.Module):
    def __init__(self, dim, heads=16, ffn=2048):
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
        hd = d // self.heads
        q, k, v = (z.view(b, t, self.heads, hd).transpose(1, 2) for z in self.qkv(self.norm1(x)).split(d, dim=-1))
        attn = ((q @ k.transpose(-1, -2)) / math.sqrt(hd)).softmax(-1) @ v
        x = x + self.out(attn.transpose(1, 2).reshape(b, t, d))
        return x + self.ffn2(F.relu(self.ffn1(self.norm2(x))))


class SenseVoiceSizedEncoderAdaptor(nn.Module):
    def __init__(self, blocks, llm_dim):
        super().__init__()
        self.blocks = nn.ModuleList([SanmBlock(560 if i == 0 else ENC_DIM) for i in range(blocks)])
        self.norm = nn.LayerNorm(ENC_DIM)
        self.down1 = nn.Conv1d(ENC_DIM, ENC_DIM, 3, stride=2, padding=1)
        self.down2 = nn.Conv1d(ENC_DIM, llm_dim, 3, stride=2, padding=1)
        self.layers = nn.ModuleList([AdaptorLayer(llm_dim) for _ in range(2)])

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        h = F.gelu(self.down1(self.norm(x).transpose(1, 2)))
        h = self.down2(h).transpose(1, 2)
        for layer in self.layers:
            h = layer(h)
        return h


def export_large(model, args, path, input_names, output_names, dynamic_axes, metadata):
    """torch.onnx.export, then metadata, then one external-data file beside the model (protobuf stops at 2 GB)."""
    tmp = path + ".export"
    os.makedirs(tmp, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(model, args, os.path.join(tmp, "model.onnx"), input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, opset_version=17, do_constant_folding=False)
    m = onnx.load(os.path.join(tmp, "model.onnx"))
    for k, v in metadata.items():
        e = m.metadata_props.add()
        e.key, e.value = k, str(v)
    name = os.path.splitext(os.path.basename(path))[0]
    onnx.save_model(m, path, save_as_external_data=True, all_tensors_to_one_file=True, location=name + ".data",
                    size_threshold=1024)
    del m
    shutil.rmtree(tmp)
    gc.collect()
    print("wrote", path, flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", type=int, default=28)
    ap.add_argument("--encoder-blocks", type=int, default=70)
    ap.add_argument("--vocab", type=int, default=151936)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out", "nano-fullsize"))
    a = ap.parse_args()

    tiny.LLM_DIM, tiny.NUM_LAYERS, tiny.NUM_HEADS, tiny.NUM_KV_HEADS, tiny.HEAD_DIM = 1024, a.layers, 16, 8, 128
    tiny.FFN_DIM, tiny.MAX_TOTAL_LEN = 3072, 512
    torch.manual_seed(0)
    tokenizer_folder = os.path.join(ROOT, "models", "testing", "replicas", "sherpa-funasr-nano-2025-12-30", "Qwen3-0.6B")
    for variant in ("fp32", "fp16"):
        folder = os.path.join(a.out, variant)
        os.makedirs(folder, exist_ok=True)
        shutil.copytree(tokenizer_folder, os.path.join(folder, "Qwen3-0.6B"), dirs_exist_ok=True)

    encoder = SenseVoiceSizedEncoderAdaptor(a.encoder_blocks, tiny.LLM_DIM).eval()
    export_large(encoder, (torch.randn(1, 50, 560),), os.path.join(a.out, "fp32", "encoder_adaptor.onnx"), ["x"], ["encoder_out"],
                 {"x": {1: "T"}, "encoder_out": {1: "T_out"}},
                 {"lfr_window_size": 7, "lfr_window_shift": 6, "normalize_samples": 0,
                  "model_type": "sense_voice_encoder_adaptor", "llm_dim": tiny.LLM_DIM})
    del encoder
    embedding = nn.Embedding(a.vocab, tiny.LLM_DIM)
    export_large(embedding, (torch.zeros(1, 5, dtype=torch.int64),), os.path.join(a.out, "fp32", "embedding.onnx"),
                 ["input_ids"], ["embeddings"], {"input_ids": {0: "B", 1: "S"}, "embeddings": {0: "B", 1: "S"}},
                 {"model_type": "embedding_layer", "vocab_size": a.vocab, "hidden_size": tiny.LLM_DIM})
    del embedding
    # The fp16 archive pairs llm.fp16.onnx with the .int8 encoder and embedding, float32 I/O: the same graphs here.
    for stem, link in (("encoder_adaptor", "encoder_adaptor.int8.onnx"), ("embedding", "embedding.int8.onnx")):
        for src, dst in ((f"{stem}.onnx", link), (f"{stem}.data", f"{stem}.data")):
            target = os.path.join(a.out, "fp16", dst)
            if not os.path.exists(target):
                os.link(os.path.join(a.out, "fp32", src), target)

    decoder = tiny.Qwen3(a.vocab, 0).eval()
    with torch.no_grad():
        decoder.lm_head.weight.normal_(0.0, 0.02)
    n = tiny.NUM_LAYERS
    cache_names = [f"cache_{kv}_{i}" for i in range(n) for kv in ("key", "value")]
    delta_names = [f"{kv}_delta_{i}" for i in range(n) for kv in ("key", "value")]
    axes = {"inputs_embeds": {0: "B", 1: "S"}, "attention_mask": {0: "B", 1: "total"}, "cache_position": {0: "S"},
            "logits": {0: "B", 1: "S"}}
    axes.update({c: {0: "B"} for c in cache_names})
    axes.update({d: {0: "B", 1: "S"} for d in delta_names})
    for variant in ("fp32", "fp16"):
        fp16 = variant == "fp16"
        dt = torch.float16 if fp16 else torch.float32
        module = tiny.KvDeltaLlm(decoder, fp16).eval()
        s = 4
        args = (torch.randn(1, s, tiny.LLM_DIM), torch.ones(1, s, dtype=torch.int64), torch.arange(s),
                *[torch.zeros(1, tiny.MAX_TOTAL_LEN, tiny.NUM_KV_HEADS, tiny.HEAD_DIM, dtype=dt) for _ in range(2 * n)])
        export_large(module, args, os.path.join(a.out, variant, f"llm.{variant}.onnx"),
                     ["inputs_embeds", "attention_mask", "cache_position", *cache_names], ["logits", *delta_names], axes,
                     {"model_type": "qwen3_causallm_unified_prefill_decode_kv_delta", "max_total_len": tiny.MAX_TOTAL_LEN,
                      "num_layers": n, "num_kv_heads": tiny.NUM_KV_HEADS, "head_dim": tiny.HEAD_DIM,
                      "hidden_size": tiny.LLM_DIM, "io_dtype": "float32", "quantization_type": variant, "vocab_size": a.vocab})


if __name__ == "__main__":
    main()
