#!/usr/bin/python3
"""Small random-weight models with the exact export contracts of the three supported families, plus the logits and
greedy ids PyTorch computes for fixed feature inputs, so the C# engine can prove parity without real weights.

    /usr/bin/python3 models/testing/make_random_models.py

Writes models/testing/random/{sensevoice-funasr,sensevoice-sherpa,nano-ctc}/ with the model files and reference/
(case<i>.features.bin and case<i>.logits.bin as little-endian float32, cases.json with shapes, inputs and ids).
The network is a scaled-down SenseVoiceEncoderSmall: four query embeddings prepended (language, event, emotion,
textnorm), input scaled by sqrt(d), sinusoidal positions, SAN-M blocks (multi-head attention plus an FSMN memory,
a depthwise convolution over the values) with length masks, a CTC projection.
"""
import base64
import json
import math
import os

import numpy as np
import onnx
import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "random")
FEATURE_DIM = 560
LANGUAGE_IDS = {"auto": 0, "zh": 3, "en": 4, "yue": 7, "ja": 11, "ko": 12, "nospeech": 13}
WITH_ITN, WITHOUT_ITN = 14, 15
# (frames, language id, textnorm id) of each reference case: mixed lengths so batching must mask padding correctly.
CASES = [(41, 0, WITH_ITN), (23, 3, WITHOUT_ITN), (9, 4, WITH_ITN)]


class SanmAttention(torch.nn.Module):
    def __init__(self, in_dim, d, heads, kernel=11):
        super().__init__()
        self.heads, self.d = heads, d
        self.qkv = torch.nn.Linear(in_dim, 3 * d)
        self.out = torch.nn.Linear(d, d)
        self.fsmn = torch.nn.Conv1d(d, d, kernel, groups=d, bias=False)
        self.left = (kernel - 1) // 2
        self.right = kernel - 1 - self.left

    def forward(self, x, mask):
        b, t, _ = x.shape
        q, k, v = self.qkv(x).split(self.d, dim=-1)
        masked_v = v * mask[:, :, None]
        memory = self.fsmn(F.pad(masked_v.transpose(1, 2), (self.left, self.right))).transpose(1, 2)
        memory = (memory + masked_v) * mask[:, :, None]
        dk = self.d // self.heads
        q = q.reshape(b, t, self.heads, dk).transpose(1, 2) * dk ** -0.5
        k = k.reshape(b, t, self.heads, dk).transpose(1, 2)
        v = v.reshape(b, t, self.heads, dk).transpose(1, 2)
        scores = q @ k.transpose(2, 3)
        key_mask = mask[:, None, None, :]
        scores = scores * key_mask - 1e4 * (1 - key_mask)
        context = (torch.softmax(scores, dim=-1) * key_mask) @ v
        return self.out(context.transpose(1, 2).reshape(b, t, self.d)) + memory


class SanmBlock(torch.nn.Module):
    def __init__(self, in_dim, d, heads, ffn):
        super().__init__()
        self.residual = in_dim == d
        self.norm1 = torch.nn.LayerNorm(in_dim)
        self.attention = SanmAttention(in_dim, d, heads)
        self.norm2 = torch.nn.LayerNorm(d)
        self.ffn = torch.nn.Sequential(torch.nn.Linear(d, ffn), torch.nn.ReLU(), torch.nn.Linear(ffn, d))

    def forward(self, x, mask):
        attended = self.attention(self.norm1(x), mask)
        x = x + attended if self.residual else attended
        return x + self.ffn(self.norm2(x))


def sinusoidal(t, d, device):
    position = torch.arange(1, t + 1, dtype=torch.float32, device=device)[:, None]
    timescale = torch.exp(torch.arange(d // 2, dtype=torch.float32, device=device) * -(math.log(10000.0) / (d // 2 - 1)))
    scaled = position * timescale[None, :]
    return torch.cat([torch.sin(scaled), torch.cos(scaled)], dim=1)[None]


class TinyEncoder(torch.nn.Module):
    def __init__(self, vocab, d=64, heads=4, ffn=128, blocks=2, tp_blocks=1, queries=True):
        super().__init__()
        self.d, self.queries = d, queries
        self.embed = torch.nn.Embedding(16, FEATURE_DIM)
        self.blocks = torch.nn.ModuleList([SanmBlock(FEATURE_DIM, d, heads, ffn)] + [SanmBlock(d, d, heads, ffn) for _ in range(blocks - 1)])
        self.after_norm = torch.nn.LayerNorm(d)
        self.tp_blocks = torch.nn.ModuleList([SanmBlock(d, d, heads, ffn) for _ in range(tp_blocks)])
        self.tp_norm = torch.nn.LayerNorm(d)
        self.ctc = torch.nn.Linear(d, vocab)
        with torch.no_grad():
            self.ctc.weight.mul_(8.0)  # spread the logits so the argmax is never a near tie

    def forward(self, x, lengths, language=None, textnorm=None):
        lengths = lengths.to(torch.int64)
        if self.queries:
            b = x.shape[0]
            language_query = self.embed(language.to(torch.int64))[:, None, :]
            event_emotion = self.embed(torch.tensor([[1, 2]], dtype=torch.int64, device=x.device)).expand(b, -1, -1)
            textnorm_query = self.embed(textnorm.to(torch.int64))[:, None, :]
            x = torch.cat([language_query, event_emotion, textnorm_query, x], dim=1)
            lengths = lengths + 4
        t = x.shape[1]
        mask = (torch.arange(t, device=x.device)[None, :] < lengths[:, None]).to(x.dtype)
        x = x * FEATURE_DIM ** 0.5
        x = x + sinusoidal(t, FEATURE_DIM, x.device)
        for block in self.blocks:
            x = block(x, mask)
        x = self.after_norm(x)
        for block in self.tp_blocks:
            x = block(x, mask)
        x = self.tp_norm(x)
        return self.ctc(x), lengths


class FunAsrExport(torch.nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, speech, speech_lengths, language, textnorm):
        logits, lengths = self.encoder(speech, speech_lengths, language, textnorm)
        return logits, lengths  # encoder_out_lens as int64, the other width the engine accepts


class SherpaExport(torch.nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, x, x_length, language, text_norm):
        return self.encoder(x, x_length, language, text_norm)[0]


class NanoExport(torch.nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, x):
        return self.encoder(x, torch.full((1,), x.shape[1], dtype=torch.int64))[0]


def vocabulary(size, rng):
    tags = ["<|zh|>", "<|en|>", "<|yue|>", "<|ja|>", "<|ko|>", "<|nospeech|>", "<|HAPPY|>", "<|SAD|>", "<|ANGRY|>",
            "<|NEUTRAL|>", "<|EMO_UNKNOWN|>", "<|Speech|>", "<|BGM|>", "<|Applause|>", "<|Laughter|>", "<|Event_UNK|>",
            "<|withitn|>", "<|woitn|>"]
    pieces = ["<blank>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(0xE0, 0xF0)]
    words = ["▁the", "▁of", "▁and", "▁to", "ing", "ed", "s", "▁speech", "▁model", "▁time"]
    pieces += words
    cjk = rng.choice(np.arange(0x4E00, 0x9FA5), size - len(pieces) - len(tags), replace=False)
    pieces += [chr(int(c)) for c in cjk]
    return pieces + tags


def write_bin(path, array):
    np.ascontiguousarray(array, dtype="<f4").tofile(path)


def greedy(argmax, prefix, blank):
    ids, previous = [], -1
    for i in argmax[prefix:]:
        if i != previous and i != blank:
            ids.append(int(i))
        previous = i
    return ids


def add_metadata(path, metadata):
    model = onnx.load(path)
    for key, value in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, str(value)
    onnx.save(model, path)
    onnx.checker.check_model(model)


def piece_bytes(piece, base64_pieces):
    if base64_pieces:
        return base64.b64decode(piece)
    if piece.startswith("<|") or piece in ("<blank>", "<s>", "</s>"):
        return b""
    if piece.startswith("<0x"):
        return bytes([int(piece[3:5], 16)])
    return piece.replace("▁", " ").encode("utf-8")


def reference(folder, encoder, cases, features, prefix, blank, batchable, pieces, base64_pieces=False):
    out = os.path.join(folder, "reference")
    os.makedirs(out, exist_ok=True)
    manifest = []
    with torch.no_grad():
        singles = []
        for i, ((frames, language, textnorm), feats) in enumerate(zip(cases, features)):
            x = torch.tensor(feats)[None]
            logits, _ = encoder(x, torch.tensor([frames]), torch.tensor([language]), torch.tensor([textnorm]))
            logits = logits[0].numpy()
            singles.append(logits)
            argmax = logits.argmax(-1)
            top2 = np.sort(logits, axis=-1)[:, -2:]
            gap = float((top2[:, 1] - top2[:, 0]).min())
            assert gap > 2e-4, f"near tie in case {i}: {gap}"
            write_bin(os.path.join(out, f"case{i}.features.bin"), feats)
            write_bin(os.path.join(out, f"case{i}.logits.bin"), logits)
            manifest.append({"features": f"case{i}.features.bin", "logits": f"case{i}.logits.bin", "frames": frames,
                             "language": language, "textnorm": textnorm, "logitFrames": logits.shape[0],
                             "vocabulary": logits.shape[1], "argmax": argmax.tolist(),
                             "ids": greedy(argmax.tolist(), prefix, blank), "minTop2Gap": round(gap, 4),
                             "text": b"".join(piece_bytes(pieces[j], base64_pieces) for j in greedy(argmax.tolist(), prefix, blank))
                             .decode("utf-8", errors="replace").strip()})
        if batchable:
            # The padded batch must give every item its single-run logits: the masks make padding invisible.
            longest = max(c[0] for c in cases)
            x = torch.zeros(len(cases), longest, FEATURE_DIM)
            for i, feats in enumerate(features):
                x[i, :len(feats)] = torch.tensor(feats)
            batch, lengths = encoder(x, torch.tensor([c[0] for c in cases]), torch.tensor([c[1] for c in cases]),
                                     torch.tensor([c[2] for c in cases]))
            for i, single in enumerate(singles):
                diff = np.abs(batch[i, :int(lengths[i])].numpy() - single).max()
                assert diff < 1e-4, f"batched case {i} differs from single by {diff}"
    with open(os.path.join(out, "cases.json"), "w", encoding="utf-8") as f:
        json.dump({"prefixFrames": prefix, "blank": blank, "cases": manifest}, f, indent=1, ensure_ascii=False)


def export(module, args, path, inputs, outputs, dynamic):
    torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dynamic, opset_version=14)


def main():
    torch.manual_seed(2026)
    rng = np.random.default_rng(2026)
    features = [rng.standard_normal((frames, FEATURE_DIM)).astype(np.float32) for frames, _, _ in CASES]

    # SenseVoiceSmall, FunASR export.
    vocab = vocabulary(320, rng)
    folder = os.path.join(ROOT, "sensevoice-funasr")
    os.makedirs(folder, exist_ok=True)
    encoder = TinyEncoder(len(vocab)).eval()
    example = (torch.tensor(features[0])[None], torch.tensor([CASES[0][0]], dtype=torch.int32),
               torch.tensor([0], dtype=torch.int32), torch.tensor([WITH_ITN], dtype=torch.int32))
    export(FunAsrExport(encoder), example, os.path.join(folder, "model.onnx"),
           ["speech", "speech_lengths", "language", "textnorm"], ["ctc_logits", "encoder_out_lens"],
           {"speech": {0: "batch", 1: "frames"}, "speech_lengths": {0: "batch"}, "language": {0: "batch"},
            "textnorm": {0: "batch"}, "ctc_logits": {0: "batch", 1: "logit_frames"}, "encoder_out_lens": {0: "batch"}})
    with open(os.path.join(folder, "tokens.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    mean = rng.uniform(8, 12, FEATURE_DIM)
    std = rng.uniform(3, 5, FEATURE_DIM)
    with open(os.path.join(folder, "am.mvn"), "w") as f:
        f.write(f"<Nnet>\n<Splice> 560 560\n[ 0 ]\n<AddShift> 560 560\n<LearnRateCoef> 0 [ {' '.join(f'{-m:.6f}' for m in mean)} ]\n"
                f"<Rescale> 560 560\n<LearnRateCoef> 0 [ {' '.join(f'{1 / s:.6f}' for s in std)} ]\n</Nnet>\n")
    with open(os.path.join(folder, "config.yaml"), "w") as f:
        f.write("model: SenseVoiceSmall\nfrontend_conf:\n  fs: 16000\n  window: hamming\n  n_mels: 80\n  frame_length: 25\n"
                "  frame_shift: 10\n  lfr_m: 7\n  lfr_n: 6\n  cmvn_file: am.mvn\n")
    reference(folder, encoder, CASES, features, 4, 0, batchable=True, pieces=vocab)

    # SenseVoiceSmall, sherpa-onnx export: same network, sherpa names, CMVN and ids in metadata, tokens.txt.
    folder = os.path.join(ROOT, "sensevoice-sherpa")
    os.makedirs(folder, exist_ok=True)
    encoder = TinyEncoder(len(vocab)).eval()
    path = os.path.join(folder, "model.onnx")
    export(SherpaExport(encoder), example, path, ["x", "x_length", "language", "text_norm"], ["logits"],
           {"x": {0: "N", 1: "T"}, "x_length": {0: "N"}, "language": {0: "N"}, "text_norm": {0: "N"}, "logits": {0: "N", 1: "T"}})
    metadata = {"model_type": "sense_voice_ctc", "version": "2", "lfr_window_size": 7, "lfr_window_shift": 6,
                "normalize_samples": 0, "neg_mean": ",".join(f"{-m:.6f}" for m in mean),
                "inv_stddev": ",".join(f"{1 / s:.6f}" for s in std), "vocab_size": len(vocab), "blank_id": 0,
                "with_itn": WITH_ITN, "without_itn": WITHOUT_ITN, "comment": "random-weight SenseVoiceSmall test model",
                "url": "models/testing/make_random_models.py"}
    metadata.update({f"lang_{k}": v for k, v in LANGUAGE_IDS.items()})
    add_metadata(path, metadata)
    with open(os.path.join(folder, "tokens.txt"), "w", encoding="utf-8") as f:
        f.writelines(f"{piece} {i}\n" for i, piece in enumerate(vocab))
    reference(folder, encoder, CASES, features, 4, 0, batchable=True, pieces=vocab)

    # Fun-ASR-Nano CTC head: x [1,T,560] → logits [1,T,V], base64 tokens.txt, blank last, no CMVN, no prefix.
    nano_vocab = [p for p in vocab if not p.startswith("<|")][3:] + ["<|endoftext|>", "<blank>"]
    folder = os.path.join(ROOT, "nano-ctc")
    os.makedirs(folder, exist_ok=True)
    encoder = TinyEncoder(len(nano_vocab), queries=False).eval()
    path = os.path.join(folder, "model.onnx")
    export(NanoExport(encoder), (torch.tensor(features[0])[None],), path, ["x"], ["logits"], {"x": {1: "T"}, "logits": {1: "T"}})
    add_metadata(path, {"model_type": "sense_voice_ctc", "version": "2", "lfr_window_size": 7, "lfr_window_shift": 6,
                        "normalize_samples": 0, "vocab_size": len(nano_vocab),
                        "comment": "random-weight Fun-ASR-Nano CTC test model", "url": "models/testing/make_random_models.py"})

    def b64(piece):
        if piece.startswith("<0x"):
            return base64.b64encode(bytes([int(piece[3:5], 16)])).decode()
        return base64.b64encode(piece.replace("▁", " ").encode("utf-8")).decode()
    with open(os.path.join(folder, "tokens.txt"), "w") as f:
        f.writelines(f"{b64(piece)} {i}\n" for i, piece in enumerate(nano_vocab))
    with open(os.path.join(folder, "tokens.txt")) as f:
        encoded = [line.rsplit(" ", 1)[0] for line in f]
    reference(folder, encoder, [(c[0], 0, 0) for c in CASES], features, 0, len(nano_vocab) - 1, batchable=False,
              pieces=encoded, base64_pieces=True)

    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(ROOT) for f in fs)
    print(f"wrote {ROOT}: {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
