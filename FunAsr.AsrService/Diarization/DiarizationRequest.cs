namespace FunAsr.AsrService.Diarization;

/// <summary>
/// How many speakers to find: an exact <see cref="NumSpeakers"/>, or the clustering threshold's count kept within
/// <see cref="MinSpeakers"/>..<see cref="MaxSpeakers"/> (pyannote's num/min/max_speakers).
/// </summary>
public sealed record DiarizationRequest(int? NumSpeakers = null, int? MinSpeakers = null, int? MaxSpeakers = null)
{
    public static DiarizationRequest Automatic { get; } = new();

    /// <summary>Throws <see cref="DiarizationRequestException"/> naming the offending parameter.</summary>
    public void Validate(int largestAllowed)
    {
        Check(NumSpeakers, "num_speakers", largestAllowed);
        Check(MinSpeakers, "min_speakers", largestAllowed);
        Check(MaxSpeakers, "max_speakers", largestAllowed);
        if (NumSpeakers is not null && (MinSpeakers is not null || MaxSpeakers is not null))
        {
            throw new DiarizationRequestException("num_speakers", "Give num_speakers, or min_speakers/max_speakers, not both.");
        }

        if (MinSpeakers > MaxSpeakers)
        {
            throw new DiarizationRequestException("min_speakers",
                $"min_speakers ({MinSpeakers}) is larger than max_speakers ({MaxSpeakers}).");
        }
    }

    private static void Check(int? value, string name, int largestAllowed)
    {
        if (value is { } count && (count < 1 || count > largestAllowed))
        {
            throw new DiarizationRequestException(name, $"{name} must be between 1 and {largestAllowed}; got {count}.");
        }
    }
}

/// <summary>A diarization request that cannot be honoured as given (the edge answers 400 naming <see cref="Parameter"/>).</summary>
public sealed class DiarizationRequestException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
