#!/usr/bin/python3
"""A random-weight model with SenseVoiceSmall's full architecture and FunASR export contract, for benchmarks.

    /usr/bin/python3 bench/make_fullsize_sensevoice.py [--int8] [--sherpa]

SAN-M encoder: 50 blocks (the first 560→512) + 20 time-pooling-free "tp" blocks, d=512, 4 heads, FFN 2048, FSMN
kernel 11, CTC projection to V=25055: about 234M parameters. Writes bench/out/sensevoice-fullsize/ (git-ignored):
model.onnx (fp32), tokens.json, am.mvn, and with --int8 also model_quant.onnx. With --sherpa the same weights are
also exported with sherpa-onnx's SenseVoice contract (x/x_length/language/text_norm → logits, CMVN and ids in the
metadata, tokens.txt) to bench/out/sensevoice-fullsize-sherpa/, so sherpa-onnx and this engine can run one file.

int8 without the Python onnxruntime package: the same rewrite ONNX Runtime's dynamic quantiser makes, done with the
onnx package. Every MatMul whose second input is a constant weight becomes DynamicQuantizeLinear(activation) →
MatMulInteger(uint8 activation, int8 per-tensor symmetric weight) → Cast(float) → Mul(activation scale × weight scale);
ONNX Runtime fuses that chain into its quantised matmul kernels at session start.
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper, TensorProto

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "testing"))
from make_random_models import TinyEncoder, FunAsrExport, SherpaExport, add_metadata, LANGUAGE_IDS  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "sensevoice-fullsize")
VOCAB = 25055


def quantize_dynamic(source, target):
    model = onnx.load(source)
    graph = model.graph
    weights = {init.name: init for init in graph.initializer}
    nodes, replaced = [], 0
    for node in graph.node:
        weight = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        if weight is None or len(weight.dims) != 2:
            nodes.append(node)
            continue
        w = numpy_helper.to_array(weight).astype(np.float32)
        scale = max(float(np.abs(w).max()), 1e-8) / 127.0
        q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        base = node.name or f"matmul{replaced}"
        graph.initializer.extend([
            numpy_helper.from_array(q, f"{base}_w_int8"),
            numpy_helper.from_array(np.array(scale, dtype=np.float32), f"{base}_w_scale"),
            numpy_helper.from_array(np.array(0, dtype=np.int8), f"{base}_w_zero"),
        ])
        a = node.input[0]
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [a], [f"{base}_a_q", f"{base}_a_scale", f"{base}_a_zero"], name=f"{base}_quant"),
            helper.make_node("MatMulInteger", [f"{base}_a_q", f"{base}_w_int8", f"{base}_a_zero", f"{base}_w_zero"],
                             [f"{base}_int32"], name=f"{base}_matmul_integer"),
            helper.make_node("Cast", [f"{base}_int32"], [f"{base}_float"], to=TensorProto.FLOAT, name=f"{base}_cast"),
            helper.make_node("Mul", [f"{base}_a_scale", f"{base}_w_scale"], [f"{base}_scale"], name=f"{base}_scale_mul"),
            helper.make_node("Mul", [f"{base}_float", f"{base}_scale"], [node.output[0]], name=f"{base}_output_mul"),
        ]
        replaced += 1
    used = {i for n in nodes for i in n.input}
    kept = [init for init in graph.initializer if init.name in used]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    onnx.save(model, target)
    return replaced


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    encoder = TinyEncoder(VOCAB, d=512, heads=4, ffn=2048, blocks=50, tp_blocks=20).eval()
    with torch.no_grad():
        encoder.ctc.weight.div_(8.0)
    params = sum(p.numel() for p in encoder.parameters())
    print(f"parameters: {params / 1e6:.1f}M")
    frames = 100
    example = (torch.randn(1, frames, 560), torch.tensor([frames], dtype=torch.int32),
               torch.tensor([0], dtype=torch.int32), torch.tensor([14], dtype=torch.int32))
    path = os.path.join(OUT, "model.onnx")
    with torch.no_grad():
        torch.onnx.export(FunAsrExport(encoder), example, path,
                          input_names=["speech", "speech_lengths", "language", "textnorm"],
                          output_names=["ctc_logits", "encoder_out_lens"],
                          dynamic_axes={"speech": {0: "batch", 1: "frames"}, "speech_lengths": {0: "batch"},
                                        "language": {0: "batch"}, "textnorm": {0: "batch"},
                                        "ctc_logits": {0: "batch", 1: "logit_frames"}, "encoder_out_lens": {0: "batch"}},
                          opset_version=14)
    print(f"fp32: {os.path.getsize(path) / 1e6:.0f} MB")
    pieces = ["<blank>", "<s>", "</s>"] + [f"▁w{i}" if i % 3 == 0 else chr(0x4E00 + i) for i in range(VOCAB - 21)]
    pieces += ["<|zh|>", "<|en|>", "<|yue|>", "<|ja|>", "<|ko|>", "<|nospeech|>", "<|HAPPY|>", "<|SAD|>", "<|ANGRY|>",
               "<|NEUTRAL|>", "<|EMO_UNKNOWN|>", "<|Speech|>", "<|BGM|>", "<|Applause|>", "<|Laughter|>", "<|Event_UNK|>",
               "<|withitn|>", "<|woitn|>"]
    assert len(pieces) == VOCAB, len(pieces)
    with open(os.path.join(OUT, "tokens.json"), "w", encoding="utf-8") as f:
        json.dump(pieces, f, ensure_ascii=False)
    rng = np.random.default_rng(0)
    mean, std = rng.uniform(8, 12, 560), rng.uniform(3, 5, 560)
    with open(os.path.join(OUT, "am.mvn"), "w") as f:
        f.write(f"<Nnet>\n<Splice> 560 560\n[ 0 ]\n<AddShift> 560 560\n<LearnRateCoef> 0 [ {' '.join(f'{-m:.6f}' for m in mean)} ]\n"
                f"<Rescale> 560 560\n<LearnRateCoef> 0 [ {' '.join(f'{1 / s:.6f}' for s in std)} ]\n</Nnet>\n")
    if "--sherpa" in sys.argv:
        sherpa = OUT + "-sherpa"
        os.makedirs(sherpa, exist_ok=True)
        sherpa_path = os.path.join(sherpa, "model.onnx")
        with torch.no_grad():
            torch.onnx.export(SherpaExport(encoder), example, sherpa_path, input_names=["x", "x_length", "language", "text_norm"],
                              output_names=["logits"], opset_version=14,
                              dynamic_axes={"x": {0: "N", 1: "T"}, "x_length": {0: "N"}, "language": {0: "N"},
                                            "text_norm": {0: "N"}, "logits": {0: "N", 1: "T"}})
        metadata = {"model_type": "sense_voice_ctc", "version": "2", "lfr_window_size": 7, "lfr_window_shift": 6,
                    "normalize_samples": 0, "neg_mean": ",".join(f"{-m:.6f}" for m in mean),
                    "inv_stddev": ",".join(f"{1 / s:.6f}" for s in std), "vocab_size": VOCAB, "blank_id": 0,
                    "with_itn": 14, "without_itn": 15, "comment": "random-weight full-size SenseVoiceSmall benchmark model"}
        metadata.update({f"lang_{k}": v for k, v in LANGUAGE_IDS.items()})
        add_metadata(sherpa_path, metadata)
        with open(os.path.join(sherpa, "tokens.txt"), "w", encoding="utf-8") as f:
            f.writelines(f"{piece} {i}\n" for i, piece in enumerate(pieces))
        print(f"sherpa export: {os.path.getsize(sherpa_path) / 1e6:.0f} MB")
    if "--int8" in sys.argv:
        quant = os.path.join(OUT, "model_quant.onnx")
        replaced = quantize_dynamic(path, quant)
        print(f"int8: {replaced} MatMuls quantised, {os.path.getsize(quant) / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
