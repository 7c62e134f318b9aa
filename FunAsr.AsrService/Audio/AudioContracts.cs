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
}

public interface IAudioDecoder
{
    /// <summary>Decodes any format ffmpeg reads (a PCM WAV fast path skips ffmpeg).</summary>
    Task<DecodedAudio> DecodeAsync(Stream input, CancellationToken cancellationToken);
}
