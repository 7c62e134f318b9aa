#!/usr/bin/python3
"""Reference front-end fixtures for FunAsr.Tests/Features.

Run with Debian's interpreter (it has torch/torchaudio):  /usr/bin/python3 models/testing/make_fbank_fixtures.py
Inputs are short real-speech clips stored as 16 kHz 16-bit WAV; outputs are float32 matrices computed by
torchaudio.compliance.kaldi.fbank with FunASR's WavFrontend settings, FunASR's LFR (m=7, n=6) and CMVN from a
synthetic am.mvn written in the Kaldi nnet text format.

Matrix file format (.f32): int32 rows, int32 cols (little endian), then rows*cols float32 little endian.
"""
import math
import os
import struct
import subprocess
import sys
import tempfile
import wave

import numpy as np
import torch
import torchaudio.compliance.kaldi as kaldi

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "FunAsr.Tests", "Fixtures", "Features")
LIBRIVOX = "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0880.wav"
LFR_M, LFR_N = 7, 6


def write_matrix(path, matrix):
    matrix = np.ascontiguousarray(matrix, dtype="<f4")
    with open(path, "wb") as f:
        f.write(struct.pack("<ii", matrix.shape[0], matrix.shape[1]))
        f.write(matrix.tobytes())


def write_wav(path, samples_int16):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(samples_int16.astype("<i2").tobytes())


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2 and w.getframerate() == 16000, path
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").copy()


def to_16k_int16(src_path, seconds):
    with tempfile.TemporaryDirectory() as tmp:
        dst = os.path.join(tmp, "out.wav")
        subprocess.run(["sox", src_path, "-r", "16000", "-c", "1", "-b", "16", dst, "trim", "0", str(seconds)],
                       check=True)
        return read_wav(dst)


def espeak(voice, text, seconds):
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "espeak.wav")
        subprocess.run(["espeak-ng", "-v", voice, "-w", raw, text], check=True)
        return to_16k_int16(raw, seconds)


def fbank(samples_int16, snip_edges):
    # funasr_onnx / FunASR WavFrontend: waveform in [-1, 1] scaled by 1 << 15, dither forced to 0.
    waveform = torch.from_numpy(samples_int16.astype(np.float32) / 32768.0).unsqueeze(0) * (1 << 15)
    feats = kaldi.fbank(waveform, num_mel_bins=80, frame_length=25, frame_shift=10, dither=0.0,
                        energy_floor=0.0, window_type="hamming", sample_frequency=16000, snip_edges=snip_edges)
    return feats.numpy().astype(np.float32)


def apply_lfr(inputs, lfr_m, lfr_n):
    # FunASR's apply_lfr: (m-1)//2 copies of frame 0 in front, the last frame repeated to fill the final window.
    t = inputs.shape[0]
    t_lfr = int(math.ceil(t / lfr_n))
    left = (lfr_m - 1) // 2
    padded = np.vstack([np.tile(inputs[0], (left, 1)), inputs])
    t += left
    rows = []
    for i in range(t_lfr):
        if lfr_m <= t - i * lfr_n:
            rows.append(padded[i * lfr_n:i * lfr_n + lfr_m].reshape(-1))
        else:
            frame = padded[i * lfr_n:].reshape(-1)
            for _ in range(lfr_m - (t - i * lfr_n)):
                frame = np.hstack([frame, padded[-1]])
            rows.append(frame)
    return np.vstack(rows).astype(np.float32)


def synthetic_cmvn(dim):
    i = np.arange(dim, dtype=np.float64)
    shift = (-(10.0 + 3.0 * np.sin(i * 0.1))).astype(np.float32)
    scale = (0.25 + 0.05 * np.cos(i * 0.07)).astype(np.float32)
    return shift, scale


def write_am_mvn(path, shift, scale):
    dim = len(shift)
    fmt = lambda v: " ".join(f"{x:.6f}" for x in v)
    with open(path, "w") as f:
        f.write("<Nnet>\n")
        f.write(f"<Splice> {dim} {dim}\n[ 0 ]\n")
        f.write(f"<AddShift> {dim} {dim}\n<LearnRateCoef> 0 [ {fmt(shift)} ]\n")
        f.write(f"<Rescale> {dim} {dim}\n<LearnRateCoef> 0 [ {fmt(scale)} ]\n")
        f.write("</Nnet>\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    clips = {
        "english": to_16k_int16(LIBRIVOX, 2.0),
        "chinese": espeak("cmn", "今天天气很好，我们去公园散步。", 1.8),
        "japanese": espeak("ja", "こんにちは、今日はいい天気ですね。", 1.8),
    }

    mvn_path = os.path.join(OUT, "am.mvn")
    shift, scale = synthetic_cmvn(80 * LFR_M)
    write_am_mvn(mvn_path, shift, scale)
    # Re-read the values as written (6 decimals), exactly what the C# parser will see.
    shift = np.array(shift.round(6), dtype=np.float32)
    scale = np.array(scale.round(6), dtype=np.float32)

    for name, samples in clips.items():
        write_wav(os.path.join(OUT, f"{name}.wav"), samples)
        for snip in (True, False):
            tag = "snip" if snip else "nosnip"
            feats = fbank(samples, snip)
            write_matrix(os.path.join(OUT, f"{name}.fbank.{tag}.f32"), feats)
            lfr = apply_lfr(feats, LFR_M, LFR_N)
            if name == "english" and snip:
                write_matrix(os.path.join(OUT, f"{name}.lfr.{tag}.f32"), lfr)
            if snip or name == "chinese":
                write_matrix(os.path.join(OUT, f"{name}.lfr_cmvn.{tag}.f32"), (lfr + shift) * scale)
            print(f"{name} {tag}: {len(samples)} samples, fbank {feats.shape}, lfr {lfr.shape}")

    # Lengths at and just past one frame from the English clip, both edge modes (torchaudio rejects < 400 samples).
    english = clips["english"]
    for n in (400, 401):
        for snip in (True, False):
            tag = "snip" if snip else "nosnip"
            feats = fbank(english[4000:4000 + n], snip)
            write_matrix(os.path.join(OUT, f"edge{n}.fbank.{tag}.f32"), feats.reshape(-1, 80))
            print(f"edge {n} {tag}: fbank {feats.shape}")


if __name__ == "__main__":
    sys.exit(main())
