namespace FunAsr.AsrService.Features;

/// <summary>
/// Kaldi filter-bank settings. Everything not listed here is fixed to FunASR's values:
/// 25 ms frames, 10 ms shift, DC removal, pre-emphasis 0.97, Hamming window, FFT padded to a power of two (512 at 16 kHz),
/// power spectrum, energy floor 0 and no dither.
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
}
