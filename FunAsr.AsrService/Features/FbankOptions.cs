namespace FunAsr.AsrService.Features;

/// <summary>
/// Kaldi filter-bank settings. The defaults are FunASR's: 25 ms frames, 10 ms shift, DC removal, pre-emphasis 0.97,
/// Hamming window, Kaldi mel banks; always an FFT padded to a power of two (512 at 16 kHz), power spectrum, energy
/// floor 0 and no dither. Speaker-embedding models need the other windows and banks (kaldi-native-fbank's options).
/// </summary>
public sealed record FbankOptions
{
    public int SampleRate { get; init; } = 16000;

    public int NumMelBins { get; init; } = 80;

    /// <summary>true: only whole frames inside the signal (FunASR export); false: reflect at the edges (sherpa-onnx Nano).</summary>
    public bool SnipEdges { get; init; } = true;

    public float LowFrequency { get; init; } = 20f;

    /// <summary>Upper edge of the mel bank in Hz; 0 or negative is relative to the Nyquist frequency.</summary>
    public float HighFrequency { get; init; } = 0f;

    /// <summary>Multiply samples in [-1, 1] by 32768 first, as funasr_onnx does (sherpa metadata normalize_samples=0).</summary>
    public bool ScaleToInt16 { get; init; } = true;

    public FbankWindow Window { get; init; } = FbankWindow.Hamming;

    /// <summary>Subtract each frame's mean before pre-emphasis (Kaldi remove_dc_offset); NeMo's front end does not.</summary>
    public bool RemoveDcOffset { get; init; } = true;

    public FbankMelScale MelScale { get; init; } = FbankMelScale.Kaldi;

    public float FrameLengthMs { get; init; } = 25f;

    public float FrameShiftMs { get; init; } = 10f;
}

public enum FbankWindow
{
    /// <summary>Symmetric Hamming, 0.54 − 0.46 cos(2πn/(N−1)).</summary>
    Hamming,

    /// <summary>Kaldi's default: a symmetric Hann window raised to the power 0.85.</summary>
    Povey,

    /// <summary>Periodic Hann, 0.5 − 0.5 cos(2πn/N) (torch.hann_window, NeMo).</summary>
    Hann,
}

public enum FbankMelScale
{
    /// <summary>Kaldi banks: 1127 ln(1 + f/700), unnormalised triangles, no weight on the Nyquist bin.</summary>
    Kaldi,

    /// <summary>librosa's default banks (kaldi-native-fbank is_librosa): Slaney mel scale, area-normalised, Nyquist bin included.</summary>
    Slaney,
}
