using System.Diagnostics;
using FunAsr.AsrService.Admission;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// Turns an uploaded stream into 16 kHz mono float32: PCM WAV is read in-process, everything else goes through ffmpeg.
/// The first bytes are sniffed and replayed, so the input need not be seekable. Samples stream out in chunks of at most
/// <see cref="MaxChunkSamples"/>, each checked against the duration limit, which is also checked from the container's
/// header before decoding starts; memory kept is charged to a lease on the replica's budget, and decodes running at once
/// are bounded (<see cref="AdmissionControl"/>). Only MP4/MOV is buffered, and only when the input cannot seek.
/// </summary>
public sealed class AudioDecoder(
    IOptions<AudioOptions> options,
    AdmissionControl admission,
    AudioDecodeTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<AudioDecoder> logger) : IAudioDecoder
{
    /// <summary>The most samples one <see cref="AudioChunkHandler"/> call carries (about a second).</summary>
    public const int MaxChunkSamples = 1 << 14;

    private const int SniffBytes = 1 << 16;

    public Task<DecodedAudio> DecodeAsync(Stream input, CancellationToken cancellationToken) =>
        DecodeAsync(input, AudioDecodeLimits.None, cancellationToken);

    public async Task<DecodedAudio> DecodeAsync(Stream input, AudioDecodeLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        using var own = limits.Memory is null ? await admission.Memory.AcquireAsync(0, cancellationToken).ConfigureAwait(false) : null;
        var memory = limits.Memory ?? own!;
        using var samples = new SampleAccumulator(memory);
        var summary = await DecodeCoreAsync(input, samples.AppendAsync, limits, memory, cancellationToken).ConfigureAwait(false);
        return new DecodedAudio(samples.ToArray(), summary.SourceSampleRate, summary.SourceChannels, summary.SourceFormat)
        {
            SourceCodec = summary.SourceCodec,
            DecodedBy = summary.DecodedBy,
            SourceBytes = summary.SourceBytes,
            Peak = summary.Peak,
        };
    }

    public async Task<AudioStreamSummary> DecodeStreamAsync(
        Stream input, AudioChunkHandler onSamples, AudioDecodeLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onSamples);
        ArgumentNullException.ThrowIfNull(limits);
        using var own = limits.Memory is null ? await admission.Memory.AcquireAsync(0, cancellationToken).ConfigureAwait(false) : null;
        return await DecodeCoreAsync(input, onSamples, limits, limits.Memory ?? own!, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AudioStreamSummary> DecodeCoreAsync(
        Stream input, AudioChunkHandler onSamples, AudioDecodeLimits limits, AdmissionLease memory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var activity = AudioDecodeTelemetry.Source.StartActivity("audio.decode");
        var started = timeProvider.GetTimestamp();
        AudioDecoderKind? decodedBy = null;
        try
        {
            using var slot = await admission.Decodes.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            var limit = DurationLimit.For(options.Value, limits);
            var output = new DecodedSampleWriter(onSamples, limit.MaxSamples);
            var origin = SeekableOrigin(input);
            var head = await ReadHeadAsync(input, cancellationToken).ConfigureAwait(false);
            if (head.Length == 0) throw new AudioDecodeException(AudioDecodeFailure.Empty, "The input is empty (zero bytes).");

            var wav = WavHeader.TryParse(head);
            decodedBy = wav is null ? AudioDecoderKind.Ffmpeg : AudioDecoderKind.WavFastPath;
            var summary = wav is null
                ? await DecodeWithFfmpegAsync(head, input, origin, output, limit, memory, cancellationToken).ConfigureAwait(false)
                : await DecodeWavAsync(wav, head, input, output, limit, cancellationToken).ConfigureAwait(false);

            if (summary.SampleCount == 0)
                throw new AudioDecodeException(AudioDecodeFailure.Empty, $"The {summary.SourceFormat} input holds no audio samples.");

            var elapsed = timeProvider.GetElapsedTime(started);
            activity?.SetTag("audio.format", summary.SourceFormat);
            activity?.SetTag("audio.codec", summary.SourceCodec);
            activity?.SetTag("audio.decoder", AudioDecodeTelemetry.DecoderTag(summary.DecodedBy));
            activity?.SetTag("audio.duration_s", summary.Duration.TotalSeconds);
            activity?.SetTag("audio.source_sample_rate", summary.SourceSampleRate);
            activity?.SetTag("audio.source_channels", summary.SourceChannels);
            activity?.SetTag("audio.source_bytes", summary.SourceBytes);
            telemetry.Succeeded(summary, elapsed);
            return summary;
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

    /// <summary>Where the input starts, when it can seek back there (an upload in memory, a stored job file).</summary>
    private static long? SeekableOrigin(Stream input)
    {
        if (!input.CanSeek) return null;
        try
        {
            return input.Length >= input.Position ? input.Position : null;
        }
        catch (NotSupportedException)
        {
            return null;
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

    private static async Task<AudioStreamSummary> DecodeWavAsync(
        WavHeader wav, byte[] head, Stream rest, DecodedSampleWriter output, DurationLimit limit, CancellationToken cancellationToken)
    {
        var data = new ReplayReadStream(head.AsMemory(wav.DataOffset), rest);
        await WavPcmReader.ReadAsync(wav, data, output, limit, cancellationToken).ConfigureAwait(false);
        return new AudioStreamSummary(output.Count, wav.SampleRate, wav.Channels, "wav")
        {
            SourceCodec = wav.CodecName,
            DecodedBy = AudioDecoderKind.WavFastPath,
            SourceBytes = wav.DataOffset + data.BytesRead,
            Peak = output.Peak,
        };
    }

    private async Task<AudioStreamSummary> DecodeWithFfmpegAsync(byte[] head, Stream rest, long? origin, DecodedSampleWriter output,
        DurationLimit limit, AdmissionLease memory, CancellationToken cancellationToken)
    {
        var (ffmpeg, problem) = FfmpegLocator.Locate(options.Value.FfmpegPath);
        if (ffmpeg is null) throw new AudioDecodeException(AudioDecodeFailure.DecoderUnavailable, problem!);

        var isoMedia = Mp4FastStart.LooksLikeIsoMedia(head);
        await using var buffered = isoMedia && origin is null ? await BufferAsync(head, rest, memory, cancellationToken).ConfigureAwait(false) : null;
        var (ordered, indexBytes) = isoMedia
            ? await InIndexFirstOrderAsync(buffered ?? rest, buffered is null ? origin!.Value : 0, memory, cancellationToken).ConfigureAwait(false)
            : (rest, 0);
        var input = isoMedia ? new ReplayReadStream(ReadOnlyMemory<byte>.Empty, ordered) : new ReplayReadStream(head, rest);
        FfmpegLog log;
        try
        {
            log = await new FfmpegPcmDecoder(ffmpeg, options.Value, timeProvider)
                .DecodeAsync(input, isoMedia, output, limit, cancellationToken).ConfigureAwait(false);
        }
        catch (AudioDecodeException) when (input.SourceFailure is { } broken)
        {
            // The upload itself failed; that is not the audio's fault, so the caller sees the original error.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(broken);
            throw;
        }
        finally
        {
            // The moved index is only needed while ffmpeg reads it.
            memory.Shrink(indexBytes);
        }

        var format = log.InputFormat ?? "unknown";
        if (Mp3InfoHeader.TryParse(head) is { } info && input.ReachedEnd && input.BytesRead - info.StreamOffset < info.StreamBytes)
        {
            var received = input.BytesRead - info.StreamOffset;
            throw new AudioDecodeException(AudioDecodeFailure.Undecodable,
                $"The mp3 is truncated: its Xing/Info header declares {info.StreamBytes} bytes ({info.DeclaredSeconds:0.###} s) " +
                $"but the input ends after {received} bytes (about {info.DeclaredSeconds * received / info.StreamBytes:0.###} s).");
        }

        if (output.Count == 0)
        {
            var said = string.Join("; ", log.Errors.Concat(log.Warnings).Distinct());
            throw new AudioDecodeException(AudioDecodeFailure.Empty,
                $"The {format} input holds no audio samples{(said.Length > 0 ? $" (ffmpeg: {said})" : "")}.") { DecoderMessage = said };
        }

        return new AudioStreamSummary(output.Count, log.SampleRate, log.Channels, format)
        {
            SourceCodec = log.Codec,
            DecodedBy = AudioDecoderKind.Ffmpeg,
            SourceBytes = input.BytesRead,
            Peak = output.Peak,
        };
    }

    /// <summary>
    /// The MP4/MOV file from <paramref name="origin"/> on, with its index moved in front of the media when it came last,
    /// and the bytes of the copied index charged to <paramref name="memory"/>.
    /// </summary>
    private static async Task<(Stream Ordered, long IndexBytes)> InIndexFirstOrderAsync(
        Stream file, long origin, AdmissionLease memory, CancellationToken cancellationToken)
    {
        var length = file.Length - origin;
        var reordering = await Mp4FastStart.PlanAsync(file, origin, length, memory, cancellationToken).ConfigureAwait(false);
        return reordering is null
            ? (new SegmentedReadStream(file, [SegmentedReadStream.Segment.Of(origin, length)]), 0)
            : (Mp4FastStart.Open(file, origin, length, reordering), reordering.Index.Length);
    }

    /// <summary>An MP4/MOV upload that cannot seek, kept whole in memory charged to the lease, because its index may come last.</summary>
    private static async Task<ChunkedMemoryStream> BufferAsync(byte[] head, Stream rest, AdmissionLease memory, CancellationToken cancellationToken)
    {
        var buffer = new ChunkedMemoryStream(memory);
        try
        {
            await buffer.AppendAsync(head, cancellationToken).ConfigureAwait(false);
            var block = new byte[1 << 16];
            int read;
            while ((read = await rest.ReadAsync(block, cancellationToken).ConfigureAwait(false)) > 0)
                await buffer.AppendAsync(block.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            return buffer;
        }
        catch
        {
            await buffer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
