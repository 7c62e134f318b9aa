#!/usr/bin/python3
"""Builds the known-answer model: a tiny ONNX model with the FunASR SenseVoiceSmall export contract.

Its weights map the energy of distinct pure tones (one mel bin each) to distinct tokens; silence maps to
blank. The four prefix frames carry the language / emotion / event / ITN tags from the `language` and
`textnorm` inputs. Tests synthesise "tone words" from tones.json and know the exact text to expect.

Run with Debian's interpreter (it has torch, torchaudio and onnx):
    /usr/bin/python3 models/testing/make_known_answer_model.py
Writes models/testing/known-answer/{model.onnx,tokens.json,am.mvn,config.yaml,tones.json}.
"""
import json
import math
import os

import numpy as np
import onnx
import torch
import torchaudio

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "known-answer")

SAMPLE_RATE = 16000
NUM_MEL = 80
LFR_M, LFR_N = 7, 6
# FunASR export language / textnorm input ids (SenseVoiceSmall lid_dict / textnorm_dict).
LANGUAGE_IDS = {"auto": 0, "zh": 3, "en": 4, "yue": 7, "ja": 11, "ko": 12, "nospeech": 13}
TEXTNORM_IDS = {"withitn": 14, "woitn": 15}

SPECIALS = ["<blank>", "<s>", "</s>"]
# Pieces spoken by tones, in ascending tone frequency. Chinese pieces carry no word boundary, English ones do.
ZH_PIECES = ["今天", "天气", "很好", "。", "我们", "一起", "学习", "▁你好", "世界"]
EN_PIECES = ["▁hello", "▁world", "▁the", "▁weather", "▁is", "▁nice", "▁to", "day", "▁caf", "<0xC3>", "<0xA9>", "s"]
# Pieces that exist in the vocabulary but that no tone produces (real-looking filler).
FILLER = ["▁", "的", "是", "▁a", "▁and", "ing", "ed", "<0xE4>", "<0xBD>", "<0xA0>"]
LANG_TAGS = ["<|zh|>", "<|en|>", "<|yue|>", "<|ja|>", "<|ko|>", "<|nospeech|>"]
EMOTION_TAGS = ["<|HAPPY|>", "<|SAD|>", "<|ANGRY|>", "<|NEUTRAL|>", "<|FEARFUL|>", "<|DISGUSTED|>",
                "<|SURPRISED|>", "<|EMO_UNKNOWN|>"]
EVENT_TAGS = ["<|Speech|>", "<|BGM|>", "<|Applause|>", "<|Laughter|>", "<|Cry|>", "<|Sneeze|>", "<|Breath|>",
              "<|Cough|>", "<|Event_UNK|>"]
ITN_TAGS = ["<|withitn|>", "<|woitn|>"]

FIRST_TONE_BIN = 9     # ~280 Hz
TONE_BIN_STEP = 3      # neighbouring tones three mel bins apart: no main-lobe overlap
BLANK_LEVEL = 8.0      # mean log-mel a tone band must exceed to beat blank (silence sits at log(FLT_EPSILON) = -15.9)
TAG_LOGIT = 20.0


def mel(f):
    return 1127.0 * math.log(1.0 + f / 700.0)


def inverse_mel(m):
    return 700.0 * (math.exp(m / 1127.0) - 1.0)


def mel_bin_centre_hz(b, low=20.0, high=SAMPLE_RATE / 2):
    # Kaldi mel banks: 80 triangles evenly spaced in mel between low and high; bin b peaks at its centre.
    lo, hi = mel(low), mel(high)
    delta = (hi - lo) / (NUM_MEL + 1)
    return inverse_mel(lo + (b + 1) * delta)


def build_vocab():
    tone_pieces = ZH_PIECES + EN_PIECES
    vocab = SPECIALS + tone_pieces + FILLER + LANG_TAGS + EMOTION_TAGS + EVENT_TAGS + ITN_TAGS
    assert len(set(vocab)) == len(vocab)
    return vocab, tone_pieces


def build_cmvn():
    # Realistic-looking global CMVN: per-bin mean around 10, stddev around 4, repeated over the 7 LFR frames.
    rng = np.random.default_rng(7)
    mean = 10.0 + rng.uniform(-2.0, 2.0, NUM_MEL)
    std = 4.0 + rng.uniform(-1.0, 1.0, NUM_MEL)
    neg_mean = np.tile(-mean, LFR_M).astype(np.float32)
    inv_std = np.tile(1.0 / std, LFR_M).astype(np.float32)
    return neg_mean, inv_std


def write_am_mvn(path, neg_mean, inv_std):
    def row(v):
        return " ".join(f"{x:.6f}" for x in v)
    dim = len(neg_mean)
    with open(path, "w") as f:
        f.write("<Nnet>\n")
        f.write(f"<Splice> {dim} {dim}\n[ 0 ]\n")
        f.write(f"<AddShift> {dim} {dim}\n<LearnRateCoef> 0 [ {row(neg_mean)} ]\n")
        f.write(f"<Rescale> {dim} {dim}\n<LearnRateCoef> 0 [ {row(inv_std)} ]\n")
        f.write("</Nnet>\n")


class KnownAnswerSenseVoice(torch.nn.Module):
    def __init__(self, vocab, tone_pieces, neg_mean, inv_std):
        super().__init__()
        v = len(vocab)
        ids = {p: i for i, p in enumerate(vocab)}
        self.register_buffer("neg_mean", torch.tensor(neg_mean))
        self.register_buffer("inv_std", torch.tensor(inv_std))
        # Band detector: each tone token listens to its mel bin (with its two neighbours at lower weight).
        self.bands = torch.nn.Linear(NUM_MEL, v)
        weight = torch.zeros(v, NUM_MEL)
        bias = torch.full((v,), -30.0)
        bias[0] = BLANK_LEVEL
        zh_mask = torch.zeros(v)
        en_mask = torch.zeros(v)
        for k, piece in enumerate(tone_pieces):
            b = FIRST_TONE_BIN + k * TONE_BIN_STEP
            weight[ids[piece], b] = 0.5
            weight[ids[piece], b - 1] = 0.25
            weight[ids[piece], b + 1] = 0.25
            bias[ids[piece]] = 0.0
            (zh_mask if piece in ZH_PIECES else en_mask)[ids[piece]] = 1.0
        self.bands.weight.data.copy_(weight)
        self.bands.bias.data.copy_(bias)
        self.register_buffer("zh_mask", zh_mask)
        self.register_buffer("en_mask", en_mask)

        def one_hot(tag):
            row = torch.zeros(v)
            row[ids[tag]] = TAG_LOGIT
            return row

        language_table = torch.zeros(16, v)
        for name, lid in LANGUAGE_IDS.items():
            if name != "auto":
                language_table[lid] = one_hot(f"<|{name}|>")
        textnorm_table = torch.stack([one_hot("<|woitn|>")] * 16)
        textnorm_table[TEXTNORM_IDS["withitn"]] = one_hot("<|withitn|>")
        self.register_buffer("language_table", language_table)
        self.register_buffer("textnorm_table", textnorm_table)
        for name, tag in [("zh_tag", "<|zh|>"), ("en_tag", "<|en|>"), ("nospeech_tag", "<|nospeech|>"),
                          ("neutral_tag", "<|NEUTRAL|>"), ("emo_unknown_tag", "<|EMO_UNKNOWN|>"),
                          ("speech_tag", "<|Speech|>"), ("event_unknown_tag", "<|Event_UNK|>")]:
            self.register_buffer(name, one_hot(tag))

    def forward(self, speech, speech_lengths, language, textnorm):
        b, t, _ = speech.shape
        # Undo the CMVN the front end applied, then average the 7 stacked LFR frames back to one log-mel frame.
        log_mel = (speech / self.inv_std - self.neg_mean).reshape(b, t, LFR_M, NUM_MEL).mean(dim=2)
        body = self.bands(log_mel)

        valid = (torch.arange(t, device=speech.device)[None, :] < speech_lengths[:, None].to(torch.int64))
        valid = valid.to(speech.dtype)
        blank = body[:, :, :1]
        # "Language identification": count the frames won by a Chinese piece against those won by an English one.
        zh_best = (body - 1e4 * (1.0 - self.zh_mask)).max(dim=2, keepdim=True).values
        en_best = (body - 1e4 * (1.0 - self.en_mask)).max(dim=2, keepdim=True).values
        zh_frames = ((zh_best > blank) & (zh_best > en_best)).to(speech.dtype).squeeze(2)
        en_frames = ((en_best > blank) & (en_best >= zh_best)).to(speech.dtype).squeeze(2)
        zh_score = (zh_frames * valid).sum(dim=1, keepdim=True)
        en_score = (en_frames * valid).sum(dim=1, keepdim=True)
        has_speech = ((zh_score + en_score) > 0).to(speech.dtype)
        zh_wins = (zh_score >= en_score).to(speech.dtype)

        detected = has_speech * (zh_wins * self.zh_tag + (1 - zh_wins) * self.en_tag) + (1 - has_speech) * self.nospeech_tag
        is_auto = (language == 0).to(speech.dtype)[:, None]
        language_row = is_auto * detected + (1 - is_auto) * self.language_table[language.to(torch.int64)]
        emotion_row = has_speech * self.neutral_tag + (1 - has_speech) * self.emo_unknown_tag
        event_row = has_speech * self.speech_tag + (1 - has_speech) * self.event_unknown_tag
        itn_row = self.textnorm_table[textnorm.to(torch.int64)]
        prefix = torch.stack([language_row, emotion_row, event_row, itn_row], dim=1)
        ctc_logits = torch.cat([prefix, body], dim=1)
        encoder_out_lens = (speech_lengths + 4).to(torch.int32)
        return ctc_logits, encoder_out_lens


# ---------------------------------------------------------------- reference front end (self-check only)

def fbank(samples):
    wave = torch.tensor(samples, dtype=torch.float32)[None, :] * 32768.0
    return torchaudio.compliance.kaldi.fbank(wave, num_mel_bins=NUM_MEL, frame_length=25, frame_shift=10, dither=0.0,
                                             window_type="hamming", energy_floor=0.0, sample_frequency=SAMPLE_RATE)


def lfr(feats):
    t = feats.shape[0]
    t_out = math.ceil(t / LFR_N)
    padded = torch.cat([feats[:1].repeat((LFR_M - 1) // 2, 1), feats, feats[-1:].repeat(LFR_M, 1)])
    return torch.stack([padded[i * LFR_N: i * LFR_N + LFR_M].reshape(-1) for i in range(t_out)])


def synthesise(tone_table, words, tone_ms, pause_ms, amplitude=0.3, fade_ms=5):
    """words: list of lists of pieces. Returns samples and each token's tone start in seconds."""
    out, starts = [np.zeros(int(SAMPLE_RATE * pause_ms / 1000))], []
    fade = int(SAMPLE_RATE * fade_ms / 1000)
    n = int(SAMPLE_RATE * tone_ms / 1000)
    ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(fade) / fade)
    envelope = np.ones(n)
    envelope[:fade], envelope[-fade:] = ramp, ramp[::-1]
    for w, word in enumerate(words):
        if w:
            out.append(np.zeros(int(SAMPLE_RATE * pause_ms / 1000)))
        for piece in word:
            starts.append(sum(len(x) for x in out) / SAMPLE_RATE)
            f = tone_table[piece]
            out.append(amplitude * envelope * np.sin(2 * np.pi * f * np.arange(n) / SAMPLE_RATE))
    out.append(np.zeros(int(SAMPLE_RATE * pause_ms / 1000)))
    return np.concatenate(out).astype(np.float32), starts


def greedy(logits, length):
    ids = logits[:length].argmax(-1).tolist()
    tags, body, frames = ids[:4], [], []
    prev = -1
    for f, i in enumerate(ids[4:]):
        if i != prev and i != 0:
            body.append(i)
            frames.append(f)
        prev = i
    return tags, body, frames


def main():
    os.makedirs(OUT, exist_ok=True)
    vocab, tone_pieces = build_vocab()
    neg_mean, inv_std = build_cmvn()
    model = KnownAnswerSenseVoice(vocab, tone_pieces, neg_mean, inv_std).eval()

    tones = []
    for k, piece in enumerate(tone_pieces):
        b = FIRST_TONE_BIN + k * TONE_BIN_STEP
        tones.append({"piece": piece, "id": vocab.index(piece), "melBin": b,
                      "frequencyHz": round(mel_bin_centre_hz(b), 1), "language": "zh" if piece in ZH_PIECES else "en"})
    tone_table = {t["piece"]: t["frequencyHz"] for t in tones}

    with open(os.path.join(OUT, "tokens.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False, indent=0)
    write_am_mvn(os.path.join(OUT, "am.mvn"), neg_mean, inv_std)
    with open(os.path.join(OUT, "tones.json"), "w", encoding="utf-8") as f:
        json.dump({"sampleRate": SAMPLE_RATE, "amplitude": 0.3, "toneMs": 240, "repeatGapMs": 150, "pauseMs": 300,
                   "fadeMs": 5, "frameMs": 60, "tones": tones}, f, ensure_ascii=False, indent=1)
    with open(os.path.join(OUT, "config.yaml"), "w") as f:
        f.write(CONFIG_YAML)

    # Self-check through the reference front end: tone words decode to their pieces, with tags and times.
    words = [["今天", "天气", "很好", "。"], ["▁hello", "▁world"]]
    samples, starts = synthesise(tone_table, words, 240, 300)
    feats = lfr(fbank(samples))
    feats = (feats + torch.tensor(neg_mean)) * torch.tensor(inv_std)
    speech = feats[None]
    lengths = torch.tensor([speech.shape[1]], dtype=torch.int32)
    with torch.no_grad():
        logits, out_lens = model(speech, lengths, torch.tensor([0], dtype=torch.int32),
                                 torch.tensor([15], dtype=torch.int32))
    tags, body, frames = greedy(logits[0], int(out_lens[0]))
    expected = [p for w in words for p in w]
    assert [vocab[i] for i in body] == expected, [vocab[i] for i in body]
    assert [vocab[i] for i in tags] == ["<|zh|>", "<|NEUTRAL|>", "<|Speech|>", "<|woitn|>"], [vocab[i] for i in tags]
    for f, s in zip(frames, starts):
        assert abs(max((f * 60 - 30) / 1000, 0) - s) <= 0.06, (f, s)
    words = [["▁the", "▁weather"], ["▁caf", "<0xC3>", "<0xA9>", "▁is", "▁nice"], ["我们"]]
    samples, _ = synthesise(tone_table, words, 240, 300)
    feats = ((lfr(fbank(samples)) + torch.tensor(neg_mean)) * torch.tensor(inv_std))[None]
    with torch.no_grad():
        logits, out_lens = model(feats, torch.tensor([feats.shape[1]], dtype=torch.int32),
                                 torch.tensor([0], dtype=torch.int32), torch.tensor([14], dtype=torch.int32))
    tags, body, _ = greedy(logits[0], int(out_lens[0]))
    assert [vocab[i] for i in body] == [p for w in words for p in w]
    assert [vocab[i] for i in tags] == ["<|en|>", "<|NEUTRAL|>", "<|Speech|>", "<|withitn|>"]
    with torch.no_grad():
        silent = lfr(fbank(np.zeros(SAMPLE_RATE, dtype=np.float32)))
        silent = ((silent + torch.tensor(neg_mean)) * torch.tensor(inv_std))[None]
        logits, out_lens = model(silent, torch.tensor([silent.shape[1]], dtype=torch.int32),
                                 torch.tensor([0], dtype=torch.int32), torch.tensor([14], dtype=torch.int32))
    tags, body, _ = greedy(logits[0], int(out_lens[0]))
    assert body == [] and [vocab[i] for i in tags] == ["<|nospeech|>", "<|EMO_UNKNOWN|>", "<|Event_UNK|>", "<|withitn|>"]

    path = os.path.join(OUT, "model.onnx")
    torch.onnx.export(
        model, (speech, lengths, torch.tensor([0], dtype=torch.int32), torch.tensor([15], dtype=torch.int32)), path,
        input_names=["speech", "speech_lengths", "language", "textnorm"],
        output_names=["ctc_logits", "encoder_out_lens"],
        dynamic_axes={"speech": {0: "batch", 1: "frames"}, "speech_lengths": {0: "batch"}, "language": {0: "batch"},
                      "textnorm": {0: "batch"}, "ctc_logits": {0: "batch", 1: "logits_frames"},
                      "encoder_out_lens": {0: "batch"}},
        opset_version=14)
    onnx.checker.check_model(onnx.load(path))
    print(f"wrote {OUT}: V={len(vocab)}, {len(tones)} tones, model {os.path.getsize(path)} bytes")


CONFIG_YAML = """# Known-answer test model with the SenseVoiceSmall FunASR export contract (see README.md).
model: SenseVoiceSmall
model_conf:
  length_normalized_loss: true
  sos: 1
  eos: 2
  ignore_id: -1
frontend: WavFrontend
frontend_conf:
  fs: 16000
  window: hamming
  n_mels: 80
  frame_length: 25
  frame_shift: 10
  lfr_m: 7
  lfr_n: 6
  cmvn_file: am.mvn
tokenizer: SentencepiecesTokenizer
tokenizer_conf:
  token_list: tokens.json
"""

if __name__ == "__main__":
    main()
