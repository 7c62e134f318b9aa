using FunAsr.AsrService.Admission;

namespace FunAsr.AsrService.Audio;

/// <summary>Audio decoded to the engine's format (16 kHz mono float32), with what the source was.</summary>
public sealed record DecodedAudio(
    float[] Samples,
    int SourceSampleRate,
    int SourceChannels,
    string SourceFormat)
{
    public const int SampleRate = 16_000;

    public TimeSpan Duration => TimeSpan.FromSeconds((double)Samples.Length / SampleRate);

    /// <summary>The codec as ffmpeg names it (pcm_s16le, mp3, aac, opus, ...).</summary>
    public string? SourceCodec { get; init; }

    /// <summary>Which decoder produced the samples.</summary>
    public AudioDecoderKind DecodedBy { get; init; }

    /// <summary>Bytes read from the input.</summary>
    public long SourceBytes { get; init; }

    /// <summary>Largest absolute sample value; 0 for digital silence.</summary>
    public float Peak { get; init; }
}

public enum AudioDecoderKind
{
    /// <summary>PCM WAV read directly, resampled in-process.</summary>
    WavFastPath,
    /// <summary>Decoded by ffmpeg through pipes.</summary>
    Ffmpeg,
}

public enum AudioDecodeFailure
{
    /// <summary>Zero bytes, or a container with no audio samples in it.</summary>
    Empty,
    /// <summary>ffmpeg could not read it (corrupt, truncated, not media at all).</summary>
    Undecodable,
    /// <summary>Media without an audio stream (e.g. a picture, a silent video track).</summary>
    NoAudioStream,
    /// <summary>Longer than the configured maximum duration.</summary>
    TooLong,
    /// <summary>ffmpeg itself is missing or failed to start.</summary>
    DecoderUnavailable,
    /// <summary>Decoding ran past <see cref="AudioOptions.DecodeTimeout"/> (a pathological input); ffmpeg was stopped.</summary>
    TimedOut,
}

/// <summary>Why audio could not be turned into samples; <see cref="Exception.Message"/> includes ffmpeg's own reason.</summary>
public sealed class AudioDecodeException(AudioDecodeFailure failure, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public AudioDecodeFailure Failure { get; } = failure;

    /// <summary>ffmpeg's own error lines (input paths replaced by "input"), when ffmpeg was involved.</summary>
    public string? DecoderMessage { get; init; }
}

/// <summary>What one caller allows a decode, on top of <see cref="AudioOptions"/>.</summary>
public sealed record AudioDecodeLimits
{
    public static readonly AudioDecodeLimits None = new();

    /// <summary>The longest audio this caller takes; the smaller of this and <see cref="AudioOptions.MaxDurationSeconds"/> applies.</summary>
    public double? MaxDurationSeconds { get; init; }

    /// <summary>The setting <see cref="MaxDurationSeconds"/> comes from, named in the refusal (e.g. <c>Asr:Api:MaxSyncDurationSeconds</c>).</summary>
    public string? MaxDurationSetting { get; init; }

    /// <summary>Said after a <see cref="AudioDecodeFailure.TooLong"/> refusal, e.g. where longer audio should go.</summary>
    public string? TooLongHint { get; init; }

    /// <summary>
    /// The caller's lease on the replica's memory budget (<see cref="AdmissionControl.Memory"/>), charged for the samples
    /// it keeps and the buffers decoding needs; hold it while the samples are in use. Without one the decoder takes a
    /// lease of its own that ends when decoding does.
    /// </summary>
    public AdmissionLease? Memory { get; init; }
}

/// <summary>
/// Receives decoded audio as it streams: 16 kHz mono float32 in order, at most <see cref="AudioDecoder.MaxChunkSamples"/>
/// per call. The memory is the decoder's and is reused once the returned task completes: copy what you keep.
/// </summary>
public delegate ValueTask AudioChunkHandler(ReadOnlyMemory<float> samples, CancellationToken cancellationToken);

/// <summary>What a streamed decode read (the samples went to the handler).</summary>
public sealed record AudioStreamSummary(long SampleCount, int SourceSampleRate, int SourceChannels, string SourceFormat)
{
    public TimeSpan Duration => TimeSpan.FromSeconds((double)SampleCount / DecodedAudio.SampleRate);

    public string? SourceCodec { get; init; }

    public AudioDecoderKind DecodedBy { get; init; }

    public long SourceBytes { get; init; }

    public float Peak { get; init; }
}

public interface IAudioDecoder
{
    /// <summary>Decodes any format ffmpeg reads (a PCM WAV fast path skips ffmpeg) within <see cref="AudioOptions"/>' limits.</summary>
    Task<DecodedAudio> DecodeAsync(Stream input, CancellationToken cancellationToken);

    /// <summary>Decodes within the caller's limits too, charging the samples to the caller's memory lease as they arrive.</summary>
    Task<DecodedAudio> DecodeAsync(Stream input, AudioDecodeLimits limits, CancellationToken cancellationToken);

    /// <summary>
    /// Decodes as a stream: chunks go to <paramref name="onSamples"/> as they are decoded and nothing is kept, so memory
    /// stays bounded whatever the length. Refusals are the same as for the other overloads; a <see cref="AudioDecodeFailure.TooLong"/>
    /// or NaN refusal can come after some chunks were delivered.
    /// </summary>
    Task<AudioStreamSummary> DecodeStreamAsync(Stream input, AudioChunkHandler onSamples, AudioDecodeLimits limits, CancellationToken cancellationToken);
}
