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

    /// <summary>
    /// Wall-clock limit on one decode; past it ffmpeg and anything it started are killed (<see cref="AudioDecodeFailure.TimedOut"/>).
    /// ffmpeg decodes hours of audio in well under a minute, so only a pathological input gets near it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan DecodeTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Threads one ffmpeg process may use (<c>-threads</c>, <c>-filter_threads</c>); audio decoders barely use more than one.</summary>
    [Range(1, 16)]
    public int FfmpegThreads { get; set; } = 1;
}
