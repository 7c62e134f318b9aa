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
}

/// <summary>Why audio could not be turned into samples; <see cref="Exception.Message"/> includes ffmpeg's own reason.</summary>
public sealed class AudioDecodeException(AudioDecodeFailure failure, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public AudioDecodeFailure Failure { get; } = failure;

    /// <summary>ffmpeg's own error lines (input paths replaced by "input"), when ffmpeg was involved.</summary>
    public string? DecoderMessage { get; init; }
}

public interface IAudioDecoder
{
    /// <summary>Decodes any format ffmpeg reads (a PCM WAV fast path skips ffmpeg).</summary>
    Task<DecodedAudio> DecodeAsync(Stream input, CancellationToken cancellationToken);
}
