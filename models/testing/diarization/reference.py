"""Python reference for FunAsr.AsrService/Diarization: what the C# pipeline must compute, step by step.

An independent numpy/scipy port of the default pipeline (docs/diarization.md), used only by
make_diarization_fixtures.py to write the numbers the C# parity tests compare against:
  fbank presets     torchaudio.compliance.kaldi.fbank (Kaldi banks) and torchaudio's Slaney mel banks (NeMo preset)
  clustering        scipy.cluster.hierarchy.linkage(method="complete") on cosine distances, fcluster
  DER               pyannote.metrics' DiarizationErrorRate, ported (Hungarian mapping by scipy, collar, skip_overlap)
  pipeline steps    chunking, powerset decoding, speakers per frame, overlap-free embedding spans, reconstruction
The tests never run Python; this file runs at fixture-generation time with Debian's interpreter.
"""
from collections import Counter

import numpy as np
import torch
import torchaudio
import torchaudio.compliance.kaldi as kaldi
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import squareform

SAMPLE_RATE = 16000
WINDOW = 160000
SHIFT = 16000
RF_SIZE = 991
RF_SHIFT = 270
NUM_SPEAKERS = 3
POWERSET = [(), (0,), (1,), (2,), (0, 1), (0, 2), (1, 2)]


# ---------------------------------------------------------------- features

def fbank(samples, preset):
    """samples: float32 in [-1, 1]. preset: dict(window, low, high, snip_edges, scale, cmn|per_feature, ...)."""
    if preset.get("slaney"):
        return slaney_fbank(samples, preset)
    w = torch.from_numpy(np.asarray(samples, dtype=np.float32)).unsqueeze(0) * preset["scale"]
    feats = kaldi.fbank(w, num_mel_bins=80, frame_length=25, frame_shift=10, dither=0.0, energy_floor=0.0,
                        window_type=preset["window"], low_freq=preset["low"], high_freq=preset["high"],
                        snip_edges=preset["snip_edges"], sample_frequency=SAMPLE_RATE).numpy()
    return normalise(feats, preset.get("normalise"))


def slaney_fbank(samples, preset):
    # kaldi-native-fbank with is_librosa (sherpa-onnx's NeMo front end): whole frames only, no DC removal,
    # pre-emphasis 0.97 inside each frame, periodic Hann, 512-point power spectrum, librosa/Slaney mel banks.
    x = np.asarray(samples, dtype=np.float64)
    length, shift = preset["frame_length"], preset["frame_shift"]
    frames = 0 if len(x) < length else 1 + (len(x) - length) // shift
    window = torch.hann_window(length, periodic=True, dtype=torch.float64).numpy()
    high = preset["high"] if preset["high"] > 0 else SAMPLE_RATE / 2 + preset["high"]
    banks = torchaudio.functional.melscale_fbanks(257, float(preset["low"]), float(high), 80, SAMPLE_RATE,
                                                  norm="slaney", mel_scale="slaney").double().numpy()   # [257, 80]
    out = np.zeros((frames, 80))
    for f in range(frames):
        frame = x[f * shift:f * shift + length].copy()
        frame[1:] -= 0.97 * frame[:-1].copy()
        frame[0] -= 0.97 * frame[0]
        padded = np.zeros(512)
        padded[:length] = frame * window
        power = np.abs(np.fft.rfft(padded)) ** 2
        out[f] = np.log(np.maximum(power @ banks, np.finfo(np.float32).eps))
    return normalise(out.astype(np.float32), preset.get("normalise"))


def normalise(feats, kind):
    if kind == "global-mean":
        return feats - feats.mean(0, keepdims=True)
    if kind == "per_feature":
        mean = feats.mean(0, keepdims=True)
        variance = np.maximum((feats.astype(np.float64) ** 2).mean(0, keepdims=True) - mean.astype(np.float64) ** 2, 1e-5)
        return ((feats - mean) / (np.sqrt(variance) + 1e-5)).astype(np.float32)
    return feats


# ---------------------------------------------------------------- pipeline steps

def chunk_starts(n):
    if n <= WINDOW:
        return [0]
    count = (n - WINDOW) // SHIFT + 1
    starts = [i * SHIFT for i in range(count)]
    if (n - WINDOW) % SHIFT > 0:
        starts.append(count * SHIFT)
    return starts


def chunk(samples, start):
    out = np.zeros(WINDOW, dtype=np.float32)
    piece = samples[start:start + WINDOW]
    out[:len(piece)] = piece
    return out


def powerset_mapping():
    mapping = np.zeros((len(POWERSET), NUM_SPEAKERS), dtype=np.int32)
    for c, members in enumerate(POWERSET):
        mapping[c, list(members)] = 1
    return mapping


def decode(logits):
    """[F, 7] log-probabilities -> [F, 3] 0/1 local speaker activity."""
    return powerset_mapping()[np.argmax(logits, axis=1)]


def global_frames(chunks):
    return (WINDOW + (chunks - 1) * SHIFT) // RF_SHIFT + 1


def chunk_frame_offset(i):
    return int(i * SHIFT / RF_SHIFT + 0.5)


def speakers_per_frame(labels):
    frames = global_frames(len(labels))
    count = np.zeros(frames)
    weight = np.zeros(frames)
    for i, label in enumerate(labels):
        start = chunk_frame_offset(i)
        count[start:start + len(label)] += label.sum(1)
        weight[start:start + len(label)] += 1
    # float32 like sherpa-onnx: 1e-12 vanishes next to the weight, so an exact half rounds up
    count, weight = count.astype(np.float32), weight.astype(np.float32)
    return np.floor(count / (weight + np.float32(1e-12)) + np.float32(0.5)).astype(np.int32)


def embedding_spans(labels, min_frames=10):
    """[(chunk, local speaker, [(start sample, end sample), ...])] over frames where only that speaker talks."""
    spans = []
    for c, label in enumerate(labels):
        solo = label * (label.sum(1, keepdims=True) < 2)
        frames = solo.shape[0]
        offset = c * SHIFT
        for k in range(solo.shape[1]):
            active = solo[:, k]
            if active.sum() < min_frames:
                continue
            runs, start = [], None
            for f in range(frames):
                if active[f] and start is None:
                    start = f
                elif not active[f] and start is not None:
                    runs.append((to_sample(start, frames) + offset, to_sample(f, frames) + offset))
                    start = None
            if start is not None:
                runs.append((to_sample(start, frames) + offset, to_sample(frames - 1, frames) + offset))
            spans.append((c, k, runs))
    return spans


def to_sample(frame, frames):
    # float32 arithmetic, as sherpa-onnx computes it
    return int(np.float32(frame) / np.float32(frames) * np.float32(WINDOW))


def span_samples(samples, runs):
    return np.concatenate([samples[a:min(b, len(samples))] for a, b in runs if min(b, len(samples)) > a])


def cluster(embeddings, threshold=0.5, num=None, min_speakers=None, max_speakers=None):
    """0-based labels numbered by first appearance; complete linkage on max(0, 1 - cosine)."""
    n = len(embeddings)
    if n == 0:
        return np.zeros(0, dtype=np.int32)
    if n == 1:
        return np.zeros(1, dtype=np.int32)
    e = np.asarray(embeddings, dtype=np.float64)
    e = e / np.linalg.norm(e, axis=1, keepdims=True)
    d = np.clip(1 - e @ e.T, 0, None)
    np.fill_diagonal(d, 0)
    z = linkage(squareform(d, checks=False), method="complete")
    if num:
        labels = fcluster(z, min(num, n), criterion="maxclust")
    else:
        labels = fcluster(z, threshold, criterion="distance")
        k = labels.max()
        if min_speakers and k < min_speakers:
            labels = fcluster(z, min(min_speakers, n), criterion="maxclust")
        elif max_speakers and k > max_speakers:
            labels = fcluster(z, max_speakers, criterion="maxclust")
    return first_appearance(labels)


def first_appearance(labels):
    order = {}
    for label in labels:
        order.setdefault(label, len(order))
    return np.array([order[label] for label in labels], dtype=np.int32)


def reconstruct(labels, spans, clusters, n_samples, per_frame):
    """Global [frames, K] 0/1 activity: top-k clusters by summed activation, k = speakers per frame."""
    k_total = int(clusters.max()) + 1 if len(clusters) else 0
    frames = global_frames(len(labels))
    mapping = {(c, k): int(cl) for (c, k, _), cl in zip(spans, clusters)}
    count = np.zeros((frames, k_total), dtype=np.int32)
    for c, label in enumerate(labels):
        relabelled = np.zeros((label.shape[0], k_total), dtype=np.int32)
        for k in range(label.shape[1]):
            if (c, k) in mapping:
                relabelled[:, mapping[(c, k)]] |= label[:, k]
        start = chunk_frame_offset(c)
        count[start:start + label.shape[0]] += relabelled
    count = count[:audio_frames(n_samples, frames)]
    final = np.zeros_like(count)
    for f in range(count.shape[0]):
        order = np.argsort(-count[f], kind="stable")[:per_frame[f]]
        for cl in order:
            if count[f, cl] > 0:
                final[f, cl] = 1
    return final


def audio_frames(n_samples, frames):
    # Frames whose start lies inside the audio; the zero-padded tail of the last chunk is dropped.
    return min(frames, n_samples // RF_SHIFT + 1)


def to_turns(activity, min_on=0.3, min_off=0.5):
    scale = RF_SHIFT / SAMPLE_RATE
    offset = 0.5 * RF_SIZE / SAMPLE_RATE
    turns = []
    frames = activity.shape[0]
    for k in range(activity.shape[1]):
        runs, start = [], None
        for f in range(frames):
            if activity[f, k] and start is None:
                start = f
            elif not activity[f, k] and start is not None:
                runs.append([start * scale + offset, f * scale + offset])
                start = None
        if start is not None:
            runs.append([start * scale + offset, frames * scale + offset])
        merged = []
        for run in runs:
            if merged and run[0] - merged[-1][1] <= min_off:
                merged[-1][1] = run[1]
            else:
                merged.append(run)
        turns += [(a, b, k) for a, b in merged if b - a > min_on]
    return sorted(turns)


def renumber(turns):
    order = {}
    for _, _, k in sorted(turns):
        order.setdefault(k, len(order))
    return [(a, b, order[k]) for a, b, k in turns]


# ---------------------------------------------------------------- DER (pyannote.metrics DiarizationErrorRate)

def _support(segments):
    out = []
    for s, e in sorted(segments):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def der(reference, hypothesis, collar=0.0, skip_overlap=False):
    """reference/hypothesis: [(start, end, label)]. Returns the components pyannote reports (seconds)."""
    both = reference + hypothesis
    if not both:
        return dict(total=0.0, correct=0.0, confusion=0.0, miss=0.0, false_alarm=0.0, rate=0.0)
    # no UEM: the union of both extents
    lo = min(s for s, _, _ in both)
    hi = max(e for _, e, _ in both)
    removed = []
    if collar > 0:
        for s, e, _ in reference:
            removed += [(s - collar / 2, s + collar / 2), (e - collar / 2, e + collar / 2)]
    if skip_overlap:
        for i, (s1, e1, _) in enumerate(reference):
            for j, (s2, e2, _) in enumerate(reference):
                if i != j and min(e1, e2) > max(s1, s2):
                    removed.append((max(s1, s2), min(e1, e2)))
    uem, cursor = [], lo
    for s, e in _support(removed):
        if s > cursor:
            uem.append((cursor, min(s, hi)))
        cursor = max(cursor, e)
    if cursor < hi:
        uem.append((cursor, hi))
    uem = [(s, e) for s, e in uem if e > s]

    def crop(annotation):
        out = []
        for s, e, label in annotation:
            for us, ue in uem:
                a, b = max(s, us), min(e, ue)
                if b > a:
                    out.append((a, b, label))
        return out

    ref, hyp = crop(reference), crop(hypothesis)
    ref_labels = sorted({l for _, _, l in ref})
    hyp_labels = sorted({l for _, _, l in hyp})
    co = np.zeros((len(hyp_labels), len(ref_labels)))
    for s1, e1, a in hyp:
        for s2, e2, b in ref:
            co[hyp_labels.index(a), ref_labels.index(b)] += max(0.0, min(e1, e2) - max(s1, s2))
    mapping = {}
    if hyp_labels and ref_labels:
        for i, j in zip(*linear_sum_assignment(-co)):
            if co[i, j] > 0:
                mapping[hyp_labels[i]] = ref_labels[j]
    mapped = [(s, e, mapping.get(l, ("unmapped", l))) for s, e, l in hyp]
    bounds = sorted({t for s, e, _ in ref + mapped for t in (s, e)})
    total = correct = confusion = miss = false_alarm = 0.0
    for a, b in zip(bounds[:-1], bounds[1:]):
        d = b - a
        r = Counter(l for s, e, l in ref if s <= a and e >= b)
        h = Counter(l for s, e, l in mapped if s <= a and e >= b)
        nr, nh = sum(r.values()), sum(h.values())
        right = sum(min(r[k], h[k]) for k in r)
        total += d * nr
        correct += d * right
        confusion += d * (min(nr, nh) - right)
        miss += d * max(0, nr - nh)
        false_alarm += d * max(0, nh - nr)
    rate = (confusion + miss + false_alarm) / total if total > 0 else 0.0
    return dict(total=total, correct=correct, confusion=confusion, miss=miss, false_alarm=false_alarm, rate=rate)
