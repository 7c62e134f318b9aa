#!/usr/bin/python3
"""Writes the diarization parity fixtures: a synthetic meeting and the Python reference's numbers for it.

Run with Debian's interpreter (torch, torchaudio, scipy; espeak-ng and sox on PATH), after make_diarization_models.py:
    /usr/bin/python3 models/testing/diarization/make_diarization_fixtures.py
Writes models/testing/diarization/fixtures/:
  meeting.flac, meeting.rttm   three synthetic speakers (voices.json) taking 12 turns, and the exact reference
  fbank.json + fbank-*.f32     speaker front-end presets on 1.5 s of the meeting (reference.fbank)
  clustering.json              seeded embeddings, scipy's complete-linkage heights and flat clusters per cut
  der.json                     seeded annotations and pyannote.metrics-style DER components per collar/skip_overlap
  pipeline.json                every pipeline step on meeting.flac with the known-answer doubles (reference.py)
The sentences here are the tuning set; FunAsr.Tests/Diarization synthesises held-out meetings from other sentences.
"""
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import wave

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import doubles  # noqa: E402
import reference as R  # noqa: E402

OUT = os.path.join(HERE, "fixtures")
VOICES = doubles.VOICES
TUNING_SENTENCES = [
    "the budget for next year is ready", "we should review the hiring plan", "I will send the notes tomorrow",
    "the new office opens in march", "please check the numbers again", "our sales grew in the last quarter",
    "the design team needs more time", "let us meet again on friday", "the server costs went down",
    "I agree with that proposal", "who owns the marketing report", "the launch date is still open",
]
PRESETS = {
    "3d-speaker-sherpa": dict(window="povey", low=20, high=-400, snip_edges=False, scale=1.0, normalise="global-mean"),
    "3d-speaker-upstream": dict(window="povey", low=20, high=0, snip_edges=True, scale=1.0, normalise="global-mean"),
    "wespeaker-sherpa": dict(window="povey", low=20, high=-400, snip_edges=False, scale=32768.0, normalise=None),
    "wespeaker-upstream": dict(window="hamming", low=20, high=0, snip_edges=True, scale=32768.0, normalise="global-mean"),
    "nemo": dict(slaney=True, low=0, high=-400, frame_length=400, frame_shift=160, normalise="per_feature"),
}


def utterance(voice, text):
    """espeak-ng, then sox: 16 kHz, silence trimmed at both ends, tremolo at the voice's rate, peak-normalised."""
    v = VOICES["voices"][voice]
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = os.path.join(tmp, "raw.wav"), os.path.join(tmp, "out.wav")
        subprocess.run(["espeak-ng", "-v", v["espeak"], "-p", str(v["pitch"]), "-s", str(VOICES["speed"]), "-w", raw, text],
                       check=True)
        trim = ["silence", "1", "0.02", f"{VOICES['trimThresholdPercent']}%"]
        subprocess.run(["sox", raw, "-r", "16000", "-c", "1", "-b", "16", out] + trim + ["reverse"] + trim + ["reverse",
                        "tremolo", str(v["tremoloHz"]), str(VOICES["tremoloDepth"]), "norm", str(VOICES["normDb"])],
                       check=True)
        with wave.open(out, "rb") as w:
            return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768


def meeting(turns, seed):
    rng = random.Random(seed)
    parts, reference, t = [np.zeros(8000, np.float32)], [], 8000
    for voice, text in turns:
        u = utterance(voice, text)
        reference.append((t / 16000, (t + len(u)) / 16000, VOICES["voices"][voice]["name"]))
        gap = int(rng.uniform(0.3, 0.8) * 16000)
        parts += [u, np.zeros(gap, np.float32)]
        t += len(u) + gap
    x = np.concatenate(parts)
    x += (10 ** (-70 / 20)) * np.random.RandomState(seed).randn(len(x)).astype(np.float32)
    pcm = np.clip(np.round(x * 32768), -32768, 32767).astype("<i2")
    return pcm, reference


def write_matrix(path, matrix):
    matrix = np.ascontiguousarray(matrix, dtype="<f4")
    with open(path, "wb") as f:
        f.write(struct.pack("<ii", matrix.shape[0], matrix.shape[1]))
        f.write(matrix.tobytes())


def write_json(name, value):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(value, f, separators=(",", ":"))
        f.write("\n")


def rounded(values, digits=6):
    return [round(float(v), digits) for v in values]


def clustering_cases():
    rng = np.random.RandomState(20)
    centres = rng.randn(4, 8)
    spreads = [0.15, 0.3, 0.45, 0.6]
    points = [centres[c] + spreads[c] * rng.randn(8) for c in rng.randint(0, 4, 55)] + list(rng.randn(5, 8))
    embeddings = np.round(np.array(points), 6)
    cuts = [dict(threshold=t) for t in (0.05, 0.2, 0.5, 0.8, 1.2)] + [dict(threshold=0.5, num=k) for k in (1, 2, 3, 4, 7)]
    cuts += [dict(threshold=0.05, max=4), dict(threshold=1.2, min=3), dict(threshold=0.5, min=2, max=9)]
    cases = []
    for cut in cuts:
        labels = R.cluster(embeddings, threshold=cut["threshold"], num=cut.get("num"), min_speakers=cut.get("min"),
                           max_speakers=cut.get("max"))
        cases.append(dict(cut, labels=labels.tolist()))
    e = embeddings / np.linalg.norm(embeddings, axis=1, keepdims=True)
    d = np.clip(1 - e @ e.T, 0, None)
    np.fill_diagonal(d, 0)
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform
    heights = linkage(squareform(d, checks=False), method="complete")[:, 2]
    return dict(dim=8, embeddings=[rounded(r) for r in embeddings], heights=rounded(heights, 9), cases=cases)


def der_cases():
    rng = np.random.RandomState(7)
    cases = []
    for case in range(8):
        reference, t = [], 0.0
        for _ in range(rng.randint(4, 12)):
            t += rng.uniform(0, 1.5)
            length = rng.uniform(0.3, 4)
            reference.append((round(t, 3), round(t + length, 3), "ABCD"[rng.randint(0, 2 + case % 3)]))
            t += length * rng.uniform(0.6, 1.0)      # sometimes overlapping the next turn
        hypothesis = []
        for s, e, label in reference:
            if rng.rand() < 0.1:
                continue
            flip = rng.rand() < 0.2
            hypothesis.append((round(s + rng.normal(0, 0.2), 3), round(e + rng.normal(0, 0.2), 3),
                               "spk" + str(rng.randint(0, 5) if flip else "ABCD".index(label))))
        if case % 4 == 3:
            hypothesis.append((round(t + 0.5, 3), round(t + 2, 3), "spk9"))
        results = []
        for collar in (0.0, 0.25, 0.5):
            for skip in (False, True):
                results.append(dict(collar=collar, skip_overlap=skip, **{k: round(v, 9) for k, v in
                                                                         R.der(reference, hypothesis, collar, skip).items()}))
        cases.append(dict(reference=reference, hypothesis=hypothesis, results=results))
    return cases


def run_pipeline(samples, embedding, preset, **cut):
    seg = doubles.SegmentationDouble().eval()
    starts = R.chunk_starts(len(samples))
    with torch.no_grad():
        logits = seg(torch.from_numpy(np.stack([R.chunk(samples, s) for s in starts])).unsqueeze(1)).numpy()
    labels = [R.decode(y) for y in logits]
    per_frame = R.speakers_per_frame(labels)
    spans = R.embedding_spans(labels)
    vectors = []
    for _, _, runs in spans:
        feats = R.fbank(R.span_samples(samples, runs), preset)
        with torch.no_grad():
            if isinstance(embedding, doubles.NemoDouble):
                vectors.append(embedding(torch.from_numpy(feats.T.copy()).unsqueeze(0), torch.tensor([len(feats)]))[1][0].numpy())
            else:
                vectors.append(embedding(torch.from_numpy(feats).unsqueeze(0))[0].numpy())
    clusters = R.cluster(np.array(vectors), **cut)
    activity = R.reconstruct(labels, spans, clusters, len(samples), per_frame)
    turns = R.renumber(R.to_turns(activity))
    return labels, per_frame, spans, vectors, clusters, turns


def main():
    os.makedirs(OUT, exist_ok=True)
    order = [0, 1, 2, 0, 2, 1, 0, 1, 2, 1, 0, 2]
    pcm, reference = meeting([(v, TUNING_SENTENCES[i]) for i, v in enumerate(order)], seed=3)
    wav = os.path.join(OUT, "meeting.wav")
    with wave.open(wav, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(pcm.tobytes())
    subprocess.run(["sox", wav, "-C", "8", os.path.join(OUT, "meeting.flac")], check=True)
    os.remove(wav)
    with open(os.path.join(OUT, "meeting.rttm"), "w", encoding="utf-8") as f:
        for s, e, label in reference:
            f.write(f"SPEAKER meeting 1 {s:.4f} {e - s:.4f} <NA> <NA> {label} <NA> <NA>\n")
    samples = pcm.astype(np.float32) / 32768
    print(f"meeting: {len(samples) / 16000:.2f} s, {len(reference)} turns")

    clip = samples[16000:16000 + 24000]
    fbank = {}
    for name, preset in PRESETS.items():
        feats = R.fbank(clip, preset)
        write_matrix(os.path.join(OUT, f"fbank-{name}.f32"), feats)
        fbank[name] = dict(rows=int(feats.shape[0]))
    write_json("fbank.json", dict(clip_start=16000, clip_length=24000, presets=fbank))

    write_json("clustering.json", clustering_cases())
    write_json("der.json", der_cases())

    pipeline = {}
    models = {
        "3d-speaker": (doubles.ThreeDSpeakerDouble(192, seed=1).eval(), PRESETS["3d-speaker-sherpa"]),
        "wespeaker": (doubles.WeSpeakerDouble(256, seed=2).eval(), PRESETS["wespeaker-sherpa"]),
        "nemo": (doubles.NemoDouble(192, seed=3).eval(), PRESETS["nemo"]),
    }
    for name, (model, preset) in models.items():
        labels, per_frame, spans, vectors, clusters, turns = run_pipeline(samples, model, preset)
        score = R.der(reference, [(a, b, str(k)) for a, b, k in turns])
        print(f"{name}: {len(set(clusters.tolist()))} clusters, DER {score['rate']:.4f} "
              f"(miss {score['miss']:.3f} s, false alarm {score['false_alarm']:.3f} s, confusion {score['confusion']:.3f} s)")
        entry = dict(clusters=clusters.tolist(), turns=[[round(a, 6), round(b, 6), k] for a, b, k in turns],
                     der={k: round(v, 9) for k, v in score.items()})
        if name == "3d-speaker":
            # Frame f of a window is the digit sum(bit k: local speaker k active).
            entry["labels"] = ["".join(str(int(r[0] + 2 * r[1] + 4 * r[2])) for r in label) for label in labels]
            entry["speakers_per_frame"] = "".join(str(int(v)) for v in per_frame)
            entry["spans"] = [[c, k, [list(r) for r in runs]] for c, k, runs in spans]
            entry["embeddings"] = [rounded(v, 6) for v in vectors]
        pipeline[name] = entry
    write_json("pipeline.json", pipeline)


if __name__ == "__main__":
    main()
