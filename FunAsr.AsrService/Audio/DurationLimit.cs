using System.Globalization;

namespace FunAsr.AsrService.Audio;

/// <summary>The duration limit that applies to one decode (the caller's or the configured one, whichever is smaller) and its refusal.</summary>
internal sealed record DurationLimit(double Seconds, string Setting, string? Hint)
{
    public long MaxSamples => (long)Math.Ceiling(Seconds * DecodedAudio.SampleRate);

    public static DurationLimit For(AudioOptions options, AudioDecodeLimits limits) =>
        limits.MaxDurationSeconds is { } caller && caller < options.MaxDurationSeconds
            ? new DurationLimit(caller, limits.MaxDurationSetting ?? "the caller's limit", limits.TooLongHint)
            : new DurationLimit(options.MaxDurationSeconds, "Asr:Audio:MaxDurationSeconds", limits.TooLongHint);

    /// <summary>The refusal, once the audio is known to last at least <paramref name="seconds"/>.</summary>
    public AudioDecodeException TooLong(double seconds, string? how = null) =>
        new(AudioDecodeFailure.TooLong, string.Create(CultureInfo.InvariantCulture,
            $"The audio is {how ?? "at least"} {seconds:0.###} s long; the limit is {Seconds:0.###} s ({Setting}); decoding stopped there.{(Hint is null ? "" : " " + Hint)}"));
}
