namespace FunAsr.AsrService.Nano;

/// <summary>LFR features (frames × 560, row-major) for the Nano encoder.</summary>
public readonly record struct NanoFeatures(float[] Values, int Frames);

/// <summary>Turns 16 kHz samples in [-1, 1] into the encoder's LFR features.</summary>
public interface INanoFeatureExtractor
{
    NanoFeatures Extract(ReadOnlySpan<float> samples);
}
