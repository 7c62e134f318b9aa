"""Known-answer test doubles for speaker diarization (PyTorch modules; make_diarization_models.py exports them to ONNX).

TEST DOUBLES, not speaker models: they recognise the synthetic speakers of voices.json (espeak-ng voices with a sox
tremolo at a rate per speaker) and nothing else. They follow the published ONNX contracts exactly, so the C# pipeline
runs them through the same code paths as pyannote segmentation-3.0 and the 3D-Speaker / WeSpeaker / NeMo extractors.

Segmentation (pyannote segmentation-3.0 as sherpa-onnx exports it): x f32 [N,1,T] -> y f32 [N,F,7] log-softmax over the
powerset classes {}, {0}, {1}, {2}, {0,1}, {0,2}, {1,2}; F = (T - 991) // 270 + 1 (589 for T = 160000).
  1. amplitude envelope |x| smoothed by a 10 ms Hann window, sampled at 1600 Hz;
  2. per speaker rate R: the envelope demodulated at R over 0.4 s (Hann), divided by the local mean envelope, read at
     the centre of every output frame (sample 270 k + 495) with a stride of 27 envelope samples;
  3. a frame is speech when the 0.1 s mean envelope exceeds ACTIVITY_THRESHOLD; its speaker is the rate with the
     largest ratio, if that ratio exceeds RATIO_THRESHOLD (one speaker per frame: the double never reports overlap);
  4. local speaker slots per chunk: the most active speaker of the chunk gets slot 0, the next slot 1, then 2 (a
     fourth speaker in one chunk is dropped, as a 3-speaker model must). The slot of a voice therefore changes from
     chunk to chunk, so the pipeline has to cluster embeddings to find who is who;
  5. logits 6 x (number of slots whose activity agrees with the class), then log-softmax.

Embedding (3d-speaker x [N,T,80] -> embedding; wespeaker feats [B,T,80] -> embs; nemo audio_signal [N,80,T] + length
[N] -> logits, embs): mean over mel bins per frame, minus its mean over time, the power at each speaker's rate
(frames at 100 Hz) averaged over 0.64 s blocks (Welch), softmax(30 x share of each rate) projected onto fixed orthonormal
directions, one per voice.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "voices.json"), encoding="utf-8") as f:
    VOICES = json.load(f)
RATES = [float(v["tremoloHz"]) for v in VOICES["voices"]]

SAMPLE_RATE = 16000
RECEPTIVE_FIELD_SIZE = 991
RECEPTIVE_FIELD_SHIFT = 270
POWERSET = [(), (0,), (1,), (2,), (0, 1), (0, 2), (1, 2)]

ENVELOPE_HOP = 10            # samples per envelope step: 1600 Hz, and 270 = 27 x 10 aligns frames exactly
ENVELOPE_TAPS = 160          # 10 ms Hann low-pass of |x|
DEMOD_TAPS = 640             # 0.4 s at 1600 Hz
ACTIVITY_TAPS = 160          # 0.1 s at 1600 Hz
FRAME_STRIDE = RECEPTIVE_FIELD_SHIFT // ENVELOPE_HOP
ACTIVITY_THRESHOLD = 0.003   # mean |x| over 0.1 s (about -50 dBFS)
RATIO_THRESHOLD = 0.2        # modulation depth of the winning rate relative to the mean envelope
LOGIT_SCALE = 6.0
EMBEDDING_FRAME_RATE = 100.0
EMBEDDING_SHARPNESS = 30.0
EMBEDDING_BLOCK = 64          # frames (0.64 s)
EMBEDDING_HOP = 16


def _hann(n):
    return torch.hann_window(n, periodic=False, dtype=torch.float64)


def _pads(taps):
    # Output frame k must be centred on sample 270 k + 495 (the middle of the 991-sample receptive field); envelope
    # sample j is centred on 10 j + 79.5, so the window over padded envelope [27 k, 27 k + taps) needs this left pad.
    centre_env = (RECEPTIVE_FIELD_SIZE // 2 - (ENVELOPE_TAPS - 1) / 2) / ENVELOPE_HOP
    left = int(round((taps - 1) / 2 - centre_env))
    # Right pad chosen so that T = 160000 gives exactly 589 frames (the published shape).
    envelope = (160000 - ENVELOPE_TAPS) // ENVELOPE_HOP + 1
    frames = (160000 - RECEPTIVE_FIELD_SIZE) // RECEPTIVE_FIELD_SHIFT + 1
    low = (frames - 1) * FRAME_STRIDE + taps - envelope - left
    return left, low + FRAME_STRIDE // 2


class SegmentationDouble(torch.nn.Module):
    def __init__(self):
        super().__init__()
        lp = _hann(ENVELOPE_TAPS)
        self.register_buffer("lowpass", (lp / lp.sum()).float().view(1, 1, -1))
        w = _hann(DEMOD_TAPS)
        t = (torch.arange(DEMOD_TAPS, dtype=torch.float64) - (DEMOD_TAPS - 1) / 2) / (SAMPLE_RATE / ENVELOPE_HOP)
        kernels = [w / w.sum()]
        for rate in RATES:
            kernels += [2 * w * torch.cos(2 * math.pi * rate * t) / w.sum(), 2 * w * torch.sin(2 * math.pi * rate * t) / w.sum()]
        self.register_buffer("demodulate", torch.stack(kernels).float().view(-1, 1, DEMOD_TAPS))
        a = _hann(ACTIVITY_TAPS)
        self.register_buffer("activity", (a / a.sum()).float().view(1, 1, -1))
        membership = torch.zeros(len(POWERSET), 3)
        for c, members in enumerate(POWERSET):
            for k in members:
                membership[c, k] = 1
        self.register_buffer("membership", membership)
        self.register_buffer("order", torch.arange(len(RATES), dtype=torch.float32) * 1e-3)
        self.register_buffer("slot_ids", torch.arange(3, dtype=torch.float32))
        self.demod_pad = _pads(DEMOD_TAPS)
        self.activity_pad = _pads(ACTIVITY_TAPS)

    def frame_features(self, x):
        """(ratio [N,S,F], activity [N,1,F]): what the double decides from."""
        envelope = F.conv1d(x.abs(), self.lowpass, stride=ENVELOPE_HOP)
        d = F.conv1d(F.pad(envelope, self.demod_pad), self.demodulate, stride=FRAME_STRIDE)
        mean, cos, sin = d[:, 0:1], d[:, 1::2], d[:, 2::2]
        ratio = torch.sqrt(cos * cos + sin * sin) / (mean + 1e-4)
        activity = F.conv1d(F.pad(envelope, self.activity_pad), self.activity, stride=FRAME_STRIDE)
        return ratio, activity

    def forward(self, x):
        ratio, activity = self.frame_features(x)
        top = ratio.max(dim=1, keepdim=True).values
        active = ((ratio >= top) & (ratio > RATIO_THRESHOLD) & (activity > ACTIVITY_THRESHOLD)).float()  # [N,S,F]
        frames = active.sum(-1)                                                                      # [N,S]
        key = -frames + self.order
        rank = (key.unsqueeze(1) < key.unsqueeze(2)).float().sum(-1)                                # earlier = more active
        slots = (rank.unsqueeze(-1) == self.slot_ids).float() * (frames > 0).float().unsqueeze(-1)  # [N,S,3]
        local = torch.matmul(active.transpose(1, 2), slots)                                         # [N,F,3]
        agree = torch.matmul(local, self.membership.t()) + torch.matmul(1 - local, (1 - self.membership).t())
        return torch.log_softmax(LOGIT_SCALE * agree, dim=-1)


class EmbeddingCore(torch.nn.Module):
    def __init__(self, dim, seed):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        q, _ = torch.linalg.qr(torch.randn(dim, len(RATES), generator=g, dtype=torch.float64))
        self.register_buffer("directions", q.t().float().contiguous())   # [S, dim], orthonormal rows
        t = torch.arange(EMBEDDING_BLOCK, dtype=torch.float64) / EMBEDDING_FRAME_RATE
        kernels = []
        for rate in RATES:
            kernels += [torch.cos(2 * math.pi * rate * t), torch.sin(2 * math.pi * rate * t)]
        self.register_buffer("dft", torch.stack(kernels).float().view(-1, 1, EMBEDDING_BLOCK))

    def embed(self, e, valid):
        """e: [N,T] mean log-mel per frame; valid: [N,T] 1 for real frames, 0 for padding."""
        count = valid.sum(-1, keepdim=True).clamp(min=1)
        centred = (e - (e * valid).sum(-1, keepdim=True) / count) * valid
        # Welch: power at each rate averaged over 0.64 s blocks, so the joins between a speaker's separate runs
        # (which the pipeline concatenates) cost a block or two instead of the phase of the whole span.
        blocks = F.conv1d(F.pad(centred.unsqueeze(1), (0, EMBEDDING_BLOCK - 1)), self.dft, stride=EMBEDDING_HOP)
        power = (blocks[:, 0::2] ** 2 + blocks[:, 1::2] ** 2).mean(-1)              # [N,S]
        share = power / (power.sum(-1, keepdim=True) + 1e-9)
        return torch.matmul(torch.softmax(EMBEDDING_SHARPNESS * share, dim=-1), self.directions)


class ThreeDSpeakerDouble(EmbeddingCore):
    """3D-Speaker contract: x [N,T,80] (CMN'd fbank) -> embedding [N,D]."""

    def forward(self, x):
        e = x.mean(-1)
        return self.embed(e, torch.ones_like(e))


class WeSpeakerDouble(EmbeddingCore):
    """WeSpeaker contract: feats [B,T,80] -> embs [B,D]."""

    def forward(self, feats):
        e = feats.mean(-1)
        return self.embed(e, torch.ones_like(e))


class NemoDouble(EmbeddingCore):
    """NeMo contract: audio_signal [N,80,T] + length [N] (int64) -> logits [N,C], embs [N,D] (sherpa reads output 1)."""

    def __init__(self, dim, seed, classes=8):
        super().__init__(dim, seed)
        g = torch.Generator().manual_seed(seed + 1)
        self.register_buffer("classifier", torch.randn(dim, classes, generator=g))

    def forward(self, audio_signal, length):
        e = audio_signal.mean(1)
        t = torch.arange(e.shape[-1]).unsqueeze(0)
        valid = (t < length.unsqueeze(-1)).float()
        embs = self.embed(e, valid)
        return torch.matmul(embs, self.classifier), embs
