#!/usr/bin/python3
"""A random-weight model with SenseVoiceSmall's full architecture in the FunASR and sherpa-onnx export contracts, for benchmarks.

    /usr/bin/python3 bench/make_fullsize_sensevoice.py [--int8] [--sherpa]

SAN-M encoder: 50 blocks (the first 560→512) + 20 time-pooling-free "tp" blocks, d=512, 4 heads, FFN 2048, FSMN
kernel 11, CTC projection to V=25055: about 234M parameters. Writes bench/out/sensevoice-fullsize/ (git-ignored):
model.onnx (fp32), tokens.json, am.mvn, config.yaml, and with --int8 model_quant.onnx. With --sherpa the same weights are
also exported with sherpa-onnx's SenseVoice contract (x/x_length/language/text_norm → logits, CMVN and ids in the
metadata, tokens.txt; with --int8 also model.int8.onnx) to bench/out/sensevoice-fullsize-sherpa/, so sherpa-onnx and this
engine can run one file.

int8 in each publisher's form, without the Python onnxruntime package (bench/quantize_int8.py makes quantize_dynamic's
rewrite with the onnx package): FunASR's model_quant.onnx with uint8 weights per output channel (funasr export_utils:
per_channel=True, QUInt8), sherpa-onnx's model.int8.onnx with uint8 weights per tensor (scripts/sense-voice/export-onnx.py:
op_types_to_quantize=["MatMul"], QUInt8). ONNX Runtime fuses each chain into DynamicQuantizeMatMul at session start.
"""
import json
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "testing"))
from make_random_models import TinyEncoder, FunAsrExport, SherpaExport, add_metadata, LANGUAGE_IDS  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from quantize_int8 import quantize_matmuls  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "sensevoice-fullsize")
VOCAB = 25055


def quantize_dynamic(source, target, per_channel):
    model = onnx.load(source)
    replaced = quantize_matmuls(model, "uint8", per_channel=per_channel)
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
    with open(os.path.join(OUT, "config.yaml"), "w") as f:
        f.write("encoder: SenseVoiceEncoderSmall\nmodel: SenseVoiceSmall\nfrontend: WavFrontend\nfrontend_conf:\n  fs: 16000\n"
                "  window: hamming\n  n_mels: 80\n  frame_length: 25\n  frame_shift: 10\n  lfr_m: 7\n  lfr_n: 6\n  cmvn_file: am.mvn\n")
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
        replaced = quantize_dynamic(path, quant, per_channel=True)
        print(f"FunASR int8: {replaced} MatMuls, uint8 per channel, {os.path.getsize(quant) / 1e6:.0f} MB")
        if "--sherpa" in sys.argv:
            quant = os.path.join(OUT + "-sherpa", "model.int8.onnx")
            replaced = quantize_dynamic(os.path.join(OUT + "-sherpa", "model.onnx"), quant, per_channel=False)
            print(f"sherpa int8: {replaced} MatMuls, uint8 per tensor, {os.path.getsize(quant) / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
