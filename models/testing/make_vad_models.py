#!/usr/bin/python3
"""Tiny crafted VAD models with the exact I/O contracts of FunASR's FSMN-VAD export and Silero VAD v5, plus reference
speech probabilities for a probe recording. Output goes to models/testing/vad/ (committed; the tests never run Python).

Run with Debian's interpreter:  /usr/bin/python3 models/testing/make_vad_models.py

The models carry no trained weights; their output is a known function of input energy, so speech and silence are
predictable, and it depends on the carried state, so a runner that drops caches/state/context gets different numbers:
- fsmn-vad/model.onnx: speech [1,T,400] + in_cache0..3 [1,128,19,1] -> logits [1,T,248] (softmaxed) + out_cache0..3.
  P(speech) follows the mean normalised feature averaged over the current and 19 cached frames.
- silero_vad.onnx: input [B,576] (64 context + 512 new samples), state [2,B,128], sr (int64 scalar) -> output [B,1],
  stateN [2,B,128]. P(speech) follows the window's level in dB, smoothed with the previous window's level held in state.

Matrix file format (.f32): int32 rows, int32 cols (little endian), then rows*cols float32 little endian.
"""
import math
import os
import struct
import sys
import wave

import numpy as np
import torch
import torch.nn.functional as F
import torchaudio.compliance.kaldi as kaldi

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "models", "testing", "vad")
FSMN_DIM = 400
CACHE_FRAMES = 19
VOCAB = 248


class CraftedFsmnVad(torch.nn.Module):
    def forward(self, speech, in_cache0, in_cache1, in_cache2, in_cache3):
        level = speech.mean(dim=2)
        x = level.unsqueeze(1).unsqueeze(-1).expand(-1, 128, -1, -1)
        averages, caches = [], []
        for cache in (in_cache0, in_cache1, in_cache2, in_cache3):
            full = torch.cat([cache, x], dim=2)
            averages.append(F.avg_pool2d(full, (CACHE_FRAMES + 1, 1), stride=1)[:, 0, :, 0])
            caches.append(full[:, :, -CACHE_FRAMES:, :])
        score = (averages[0] + averages[1] + averages[2] + averages[3]) / 4.0
        z = ((score - 0.5) * 4.0).unsqueeze(-1)
        rest = torch.full_like(z, -30.0).expand(-1, -1, VOCAB - 2)
        probs = torch.softmax(torch.cat([-z, z, rest], dim=-1), dim=-1)
        return (probs, *caches)


class CraftedSilero(torch.nn.Module):
    def forward(self, input, state, sr):
        scale = sr.to(torch.float32) / 16000.0
        mean_square = (input * input).mean(dim=1, keepdim=True)
        level = 10.0 * torch.log10(mean_square * scale + 1e-10)
        previous = state[0].mean(dim=1, keepdim=True)
        smoothed = 0.5 * level + 0.5 * previous
        prob = torch.sigmoid((smoothed + 45.0) * 0.5)
        new_state = torch.stack([smoothed.expand(-1, 128), level.expand(-1, 128)], dim=0)
        return prob, new_state


def write_matrix(path, matrix):
    matrix = np.ascontiguousarray(matrix, dtype="<f4")
    with open(path, "wb") as f:
        f.write(struct.pack("<ii", matrix.shape[0], matrix.shape[1]))
        f.write(matrix.tobytes())


def probe_signal():
    """4 s: near-silence, a 1 s tone, 0.5 s pause, a 0.8 s rising tone, then near-silence. Quantised to int16."""
    rng = np.random.default_rng(7)
    sr = 16000
    t = np.arange(4 * sr) / sr
    x = rng.normal(0.0, 3e-5, t.size)
    tone1 = (t >= 0.6) & (t < 1.6)
    x[tone1] += 0.2 * np.sin(2 * np.pi * 440 * t[tone1])
    tone2 = (t >= 2.1) & (t < 2.9)
    x[tone2] += 0.15 * np.sin(2 * np.pi * (300 + 400 * (t[tone2] - 2.1)) * t[tone2])
    return np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16)


def fsmn_am_mvn(path):
    i = np.arange(FSMN_DIM, dtype=np.float64)
    shift = (-(8.0 + 0.5 * np.sin(i * 0.05))).round(6).astype(np.float32)
    scale = np.full(FSMN_DIM, 0.5, dtype=np.float32)
    fmt = lambda v: " ".join(f"{x:.6f}" for x in v)
    with open(path, "w") as f:
        f.write("<Nnet>\n")
        f.write(f"<Splice> {FSMN_DIM} {FSMN_DIM}\n[ 0 ]\n")
        f.write(f"<AddShift> {FSMN_DIM} {FSMN_DIM}\n<LearnRateCoef> 0 [ {fmt(shift)} ]\n")
        f.write(f"<Rescale> {FSMN_DIM} {FSMN_DIM}\n<LearnRateCoef> 0 [ {fmt(scale)} ]\n")
        f.write("</Nnet>\n")
    return shift, scale


def apply_lfr(inputs, lfr_m, lfr_n):
    # FunASR's apply_lfr: (m-1)//2 copies of frame 0 in front, the last frame repeated past the end.
    t = inputs.shape[0]
    left = (lfr_m - 1) // 2
    padded = np.vstack([np.tile(inputs[0], (left, 1)), inputs, np.tile(inputs[-1], (lfr_m, 1))])
    rows = [padded[i * lfr_n:i * lfr_n + lfr_m].reshape(-1) for i in range(int(math.ceil(t / lfr_n)))]
    return np.vstack(rows).astype(np.float32)


def main():
    os.makedirs(os.path.join(OUT, "fsmn-vad"), exist_ok=True)
    # config.yaml as the ModelScope export ships it, so the folder is the fsmn-vad-funasr manifest entry's replica.
    with open(os.path.join(OUT, "fsmn-vad", "config.yaml"), "w") as f:
        f.write("# Replica of the config.yaml in ModelScope iic/speech_fsmn_vad_zh-cn-16k-common-onnx (keys the engine does not read are trimmed).\n"
                "model: FsmnVADStreaming\nfrontend: WavFrontendOnline\nfrontend_conf:\n  fs: 16000\n  window: hamming\n  n_mels: 80\n"
                "  frame_length: 25\n  frame_shift: 10\n  lfr_m: 5\n  lfr_n: 1\nmodel_conf:\n  max_end_silence_time: 800\n"
                "  speech_noise_thres: 0.6\n")
    samples = probe_signal()
    with wave.open(os.path.join(OUT, "probe.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(samples.astype("<i2").tobytes())
    audio = samples.astype(np.float32) / 32768.0

    # FSMN-VAD: FunASR's VAD front end is the same fbank, LFR 5/1 and its own am.mvn.
    shift, scale = fsmn_am_mvn(os.path.join(OUT, "fsmn-vad", "am.mvn"))
    fsmn = CraftedFsmnVad().eval()
    zero_cache = torch.zeros(1, 128, CACHE_FRAMES, 1)
    dummy = (torch.zeros(1, 50, FSMN_DIM), zero_cache, zero_cache, zero_cache, zero_cache)
    torch.onnx.export(fsmn, dummy, os.path.join(OUT, "fsmn-vad", "model.onnx"), opset_version=15,
                      input_names=["speech", "in_cache0", "in_cache1", "in_cache2", "in_cache3"],
                      output_names=["logits", "out_cache0", "out_cache1", "out_cache2", "out_cache3"],
                      dynamic_axes={"speech": {1: "feats_length"}, "logits": {1: "logits_length"}})
    feats = kaldi.fbank(torch.from_numpy(audio).unsqueeze(0) * (1 << 15), num_mel_bins=80, frame_length=25,
                        frame_shift=10, dither=0.0, energy_floor=0.0, window_type="hamming",
                        sample_frequency=16000).numpy()
    lfr = (apply_lfr(feats, 5, 1) + shift) * scale
    with torch.no_grad():
        probs = fsmn(torch.from_numpy(lfr).unsqueeze(0), zero_cache, zero_cache, zero_cache, zero_cache)[0]
    speech_prob = 1.0 - probs[0, :, 0].numpy()
    write_matrix(os.path.join(OUT, "fsmn_probe_speech_prob.f32"), speech_prob.reshape(-1, 1))
    print(f"fsmn: {lfr.shape[0]} frames, speech frames {(speech_prob >= (1 - speech_prob) + 0.6).sum()}, "
          f"feature mean silence {lfr[:40].mean():.2f} tone {lfr[70:150].mean():.2f}")

    # Silero v5 as sherpa-onnx feeds it (SOc voice-activity-detector.cc AcceptWaveform, silero-vad-model.cc RunV5):
    # every full 576-sample window, windows 512 apart, so each one overlaps the next by 64 samples.
    silero = CraftedSilero().eval()
    torch.onnx.export(silero, (torch.zeros(1, 576), torch.zeros(2, 1, 128), torch.tensor(16000, dtype=torch.int64)),
                      os.path.join(OUT, "silero_vad.onnx"), opset_version=15,
                      input_names=["input", "state", "sr"], output_names=["output", "stateN"],
                      dynamic_axes={"input": {0: "batch"}, "state": {1: "batch"}, "output": {0: "batch"},
                                    "stateN": {1: "batch"}})
    state = torch.zeros(2, 1, 128)
    sr = torch.tensor(16000, dtype=torch.int64)
    out = []
    with torch.no_grad():
        for start in range(0, audio.size - 576 + 1, 512):
            x = torch.from_numpy(audio[start:start + 576]).unsqueeze(0)
            prob, state = silero(x, state, sr)
            out.append(prob.item())
    write_matrix(os.path.join(OUT, "silero_probe_prob.f32"), np.array(out, dtype=np.float32).reshape(-1, 1))
    print(f"silero: {len(out)} windows, above 0.5: {sum(p >= 0.5 for p in out)}")


if __name__ == "__main__":
    sys.exit(main())
