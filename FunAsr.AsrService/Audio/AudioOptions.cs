using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Audio;

/// <summary>Audio decoding settings, bound from <c>Asr:Audio</c>.</summary>
public sealed class AudioOptions
{
    public const string SectionName = "Asr:Audio";

    /// <summary>Longer inputs are refused with <see cref="AudioDecodeFailure.TooLong"/> before they are fully decoded.</summary>
    [Range(0.001, 86_400)]
    public double MaxDurationSeconds { get; set; } = 7_200;

    /// <summary>The ffmpeg executable or the folder holding it; empty means "ffmpeg" on PATH.</summary>
    public string? FfmpegPath { get; set; }

    internal long MaxOutputSamples => (long)Math.Ceiling(MaxDurationSeconds * DecodedAudio.SampleRate);
}
