using System.Diagnostics;
using System.Numerics.Tensors;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// Turns an uploaded stream into 16 kHz mono float32: PCM WAV is read in-process, everything else goes
/// through ffmpeg. The first bytes are sniffed and replayed, so the input need not be seekable; only MP4/MOV
/// is buffered whole, to move its index to the front (<see cref="Mp4FastStart"/>).
/// </summary>
public sealed class AudioDecoder(
    IOptions<AudioOptions> options,
    AudioDecodeTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<AudioDecoder> logger) : IAudioDecoder
{
    private const int SniffBytes = 1 << 16;

    public async Task<DecodedAudio> DecodeAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var activity = AudioDecodeTelemetry.Source.StartActivity("audio.decode");
        var started = timeProvider.GetTimestamp();
        AudioDecoderKind? decodedBy = null;
        try
        {
            var head = await ReadHeadAsync(input, cancellationToken).ConfigureAwait(false);
            if (head.Length == 0) throw new AudioDecodeException(AudioDecodeFailure.Empty, "The input is empty (zero bytes).");

            var wav = WavHeader.TryParse(head);
            decodedBy = wav is null ? AudioDecoderKind.Ffmpeg : AudioDecoderKind.WavFastPath;
            var audio = wav is null
                ? await DecodeWithFfmpegAsync(head, input, cancellationToken).ConfigureAwait(false)
                : await DecodeWavAsync(wav, head, input, cancellationToken).ConfigureAwait(false);

            if (audio.Samples.Length == 0)
                throw new AudioDecodeException(AudioDecodeFailure.Empty, $"The {audio.SourceFormat} input holds no audio samples.");
            if (!TensorPrimitives.IsFiniteAll<float>(audio.Samples))
                throw new AudioDecodeException(AudioDecodeFailure.Undecodable, $"The {audio.SourceFormat} input holds NaN or infinite samples.");
            audio = audio with { Peak = TensorPrimitives.MaxMagnitude<float>(audio.Samples) };

            var elapsed = timeProvider.GetElapsedTime(started);
            activity?.SetTag("audio.format", audio.SourceFormat);
            activity?.SetTag("audio.codec", audio.SourceCodec);
            activity?.SetTag("audio.decoder", AudioDecodeTelemetry.DecoderTag(audio.DecodedBy));
            activity?.SetTag("audio.duration_s", audio.Duration.TotalSeconds);
            activity?.SetTag("audio.source_sample_rate", audio.SourceSampleRate);
            activity?.SetTag("audio.source_channels", audio.SourceChannels);
            activity?.SetTag("audio.source_bytes", audio.SourceBytes);
            telemetry.Succeeded(audio, elapsed);
            return audio;
        }
        catch (AudioDecodeException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            activity?.SetTag("audio.failure", e.Failure.ToString());
            telemetry.Failed(decodedBy, e.Failure, timeProvider.GetElapsedTime(started));
            logger.LogInformation("Audio input refused ({Failure}): {Reason}", e.Failure, e.Message);
            throw;
        }
    }

    private static async Task<byte[]> ReadHeadAsync(Stream input, CancellationToken cancellationToken)
    {
        var head = new byte[SniffBytes];
        var filled = 0;
        int read;
        while (filled < head.Length && (read = await input.ReadAsync(head.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
            filled += read;
        return filled == head.Length ? head : head[..filled];
    }

    private static async Task<ReadOnlyMemory<byte>> ReadAllAsync(byte[] head, Stream rest, CancellationToken cancellationToken)
    {
        var whole = new MemoryStream();
        whole.Write(head);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (whole.Length + read > Array.MaxLength)
            {
                throw new AudioDecodeException(AudioDecodeFailure.TooLong,
                    "MP4/MOV input over 2 GB cannot be reordered in memory; extract the audio track first (ffmpeg -i in.mp4 -vn -c:a copy out.m4a).");
            }

            whole.Write(buffer, 0, read);
        }

        return whole.GetBuffer().AsMemory(0, (int)whole.Length);
    }

    private async Task<DecodedAudio> DecodeWavAsync(WavHeader wav, byte[] head, Stream rest, CancellationToken cancellationToken)
    {
        var data = new ReplayReadStream(head.AsMemory(wav.DataOffset), rest);
        var samples = await WavPcmReader.ReadAsync(wav, data, options.Value.MaxOutputSamples, cancellationToken).ConfigureAwait(false);
        return new DecodedAudio(samples, wav.SampleRate, wav.Channels, "wav")
        {
            SourceCodec = wav.CodecName,
            DecodedBy = AudioDecoderKind.WavFastPath,
            SourceBytes = wav.DataOffset + data.BytesRead,
        };
    }

    private async Task<DecodedAudio> DecodeWithFfmpegAsync(byte[] head, Stream rest, CancellationToken cancellationToken)
    {
        var (ffmpeg, problem) = FfmpegLocator.Locate(options.Value.FfmpegPath);
        if (ffmpeg is null) throw new AudioDecodeException(AudioDecodeFailure.DecoderUnavailable, problem!);

        var isoMedia = Mp4FastStart.LooksLikeIsoMedia(head);
        var input = isoMedia
            ? new ReplayReadStream(Mp4FastStart.Rewrite(await ReadAllAsync(head, rest, cancellationToken).ConfigureAwait(false)), Stream.Null)
            : new ReplayReadStream(head, rest);
        FfmpegDecoded decoded;
        try
        {
            decoded = await new FfmpegPcmDecoder(ffmpeg)
                .DecodeAsync(input, isoMedia, options.Value.MaxOutputSamples, cancellationToken).ConfigureAwait(false);
        }
        catch (AudioDecodeException) when (input.SourceFailure is { } broken)
        {
            // The upload itself failed; that is not the audio's fault, so the caller sees the original error.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(broken);
            throw;
        }
        var format = decoded.Log.InputFormat ?? "unknown";

        if (Mp3InfoHeader.TryParse(head) is { } info && input.ReachedEnd && input.BytesRead - info.StreamOffset < info.StreamBytes)
        {
            var received = input.BytesRead - info.StreamOffset;
            throw new AudioDecodeException(AudioDecodeFailure.Undecodable,
                $"The mp3 is truncated: its Xing/Info header declares {info.StreamBytes} bytes ({info.DeclaredSeconds:0.###} s) " +
                $"but the input ends after {received} bytes (about {info.DeclaredSeconds * received / info.StreamBytes:0.###} s).");
        }

        if (decoded.Samples.Length == 0)
        {
            var said = string.Join("; ", decoded.Log.Errors.Concat(decoded.Log.Warnings).Distinct());
            throw new AudioDecodeException(AudioDecodeFailure.Empty,
                $"The {format} input holds no audio samples{(said.Length > 0 ? $" (ffmpeg: {said})" : "")}.") { DecoderMessage = said };
        }

        return new DecodedAudio(decoded.Samples, decoded.Log.SampleRate, decoded.Log.Channels, format)
        {
            SourceCodec = decoded.Log.Codec,
            DecodedBy = AudioDecoderKind.Ffmpeg,
            SourceBytes = input.BytesRead,
        };
    }
}
