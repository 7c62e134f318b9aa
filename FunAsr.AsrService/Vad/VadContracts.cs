namespace FunAsr.AsrService.Vad;

/// <summary>A stretch of speech in sample indices at 16 kHz, end exclusive.</summary>
public readonly record struct SpeechSpan(int StartSample, int EndSample)
{
    public int Length => EndSample - StartSample;
}

/// <summary>Splits audio into speech segments no longer than the configured maximum (30 s by default).</summary>
public interface IVoiceActivityDetector
{
    IReadOnlyList<SpeechSpan> Detect(ReadOnlySpan<float> samples, CancellationToken cancellationToken);
}
