#!/usr/bin/python3
"""Reference outputs for SincResampler: torchaudio.functional.resample with its defaults
(sinc_interp_hann, lowpass_filter_width=6, rolloff=0.99). Run with Debian's /usr/bin/python3
(python3-torchaudio); writes little-endian float32 files next to this script."""
import os
import numpy as np
import torch
import torchaudio.functional as F

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20260101)

for rate in (8000, 22050, 44100, 48000):
    n = rate // 10  # 100 ms
    t = np.arange(n) / rate
    # In-band tones, a tone above 8 kHz that downsampling must remove, and noise for every phase.
    x = 0.4 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 3000 * t)
    if rate > 20000:
        x += 0.2 * np.sin(2 * np.pi * 10000 * t)
    x += 0.05 * rng.standard_normal(n)
    x = x.astype(np.float32)
    y = F.resample(torch.from_numpy(x)[None, :], rate, 16000)[0].numpy().astype(np.float32)
    x.astype('<f4').tofile(os.path.join(here, f"resample_{rate}.in.f32"))
    y.astype('<f4').tofile(os.path.join(here, f"resample_{rate}.out.f32"))
    print(rate, len(x), '->', len(y))
