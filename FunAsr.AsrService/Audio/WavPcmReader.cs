using System.Buffers;
using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// The fast path: PCM or float WAV read in-process, down-mixed to the mean of its channels and
/// resampled to 16 kHz, with no ffmpeg process.
/// </summary>
internal static class WavPcmReader
{
    private const int BufferBytes = 1 << 16;

    /// <summary>Reads the data chunk from <paramref name="data"/>, which starts at its first sample, into <paramref name="output"/> as it goes.</summary>
    /// <exception cref="AudioDecodeException">TooLong when the audio goes past the limit (what came before it was delivered).</exception>
    public static async Task ReadAsync(WavHeader header, Stream data, DecodedSampleWriter output, DurationLimit limit, CancellationToken cancellationToken)
    {
        var maxSourceFrames = (long)Math.Ceiling((double)output.MaxSamples * header.SampleRate / DecodedAudio.SampleRate);
        // Refused from the header alone, before a sample is read.
        if (header.DataLength is { } declared && declared / header.BlockAlign > maxSourceFrames)
            throw limit.TooLong((double)(declared / header.BlockAlign) / header.SampleRate, "declared by its header as");

        var resampler = header.SampleRate == DecodedAudio.SampleRate
            ? null
            : new StreamingResampler(SincResampler.For(header.SampleRate, DecodedAudio.SampleRate));
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        var mono = ArrayPool<float>.Shared.Rent(BufferBytes / header.BlockAlign);
        var resampled = ArrayPool<float>.Shared.Rent(AudioDecoder.MaxChunkSamples);
        try
        {
            var remaining = header.DataLength ?? long.MaxValue;
            var pending = 0;
            long frames = 0;
            while (remaining > 0)
            {
                var want = (int)Math.Min(BufferBytes - pending, remaining);
                var read = await data.ReadAsync(buffer.AsMemory(pending, want), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                remaining -= read;
                pending += read;

                var whole = pending - pending % header.BlockAlign;
                var count = whole / header.BlockAlign;
                ToMono(header, buffer.AsSpan(0, whole), mono.AsSpan(0, count));
                buffer.AsSpan(whole, pending - whole).CopyTo(buffer);
                pending -= whole;
                frames += count;
                var delivered = frames <= maxSourceFrames && (resampler is null
                    ? await WriteChunksAsync(output, mono.AsMemory(0, count), cancellationToken).ConfigureAwait(false)
                    : await AppendAndDrainAsync(resampler, mono.AsMemory(0, count), resampled, output, cancellationToken).ConfigureAwait(false));
                if (!delivered) throw limit.TooLong((double)frames / header.SampleRate);
            }

            if (resampler is not null && !await DrainAsync(resampler, resampled, endOfInput: true, output, cancellationToken).ConfigureAwait(false))
                throw limit.TooLong((double)frames / header.SampleRate);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<float>.Shared.Return(mono);
            ArrayPool<float>.Shared.Return(resampled);
        }
    }

    private static async ValueTask<bool> WriteChunksAsync(DecodedSampleWriter output, ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
    {
        for (var at = 0; at < samples.Length; at += AudioDecoder.MaxChunkSamples)
        {
            var chunk = samples.Slice(at, Math.Min(AudioDecoder.MaxChunkSamples, samples.Length - at));
            if (!await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false)) return false;
        }

        return true;
    }

    private static ValueTask<bool> AppendAndDrainAsync(
        StreamingResampler resampler, ReadOnlyMemory<float> input, float[] into, DecodedSampleWriter output, CancellationToken cancellationToken)
    {
        resampler.Append(input.Span);
        return DrainAsync(resampler, into, endOfInput: false, output, cancellationToken);
    }

    private static async ValueTask<bool> DrainAsync(
        StreamingResampler resampler, float[] into, bool endOfInput, DecodedSampleWriter output, CancellationToken cancellationToken)
    {
        int written;
        while ((written = resampler.Drain(into.AsSpan(0, AudioDecoder.MaxChunkSamples), endOfInput)) > 0)
        {
            if (!await output.WriteAsync(into.AsMemory(0, written), cancellationToken).ConfigureAwait(false)) return false;
        }

        return true;
    }

    private static void ToMono(WavHeader header, ReadOnlySpan<byte> frames, Span<float> target)
    {
        if (header.Channels == 1) ConvertMono(header.Encoding, frames, target);
        else DownMix(header, frames, target);
    }

    private static void ConvertMono(WavSampleEncoding encoding, ReadOnlySpan<byte> bytes, Span<float> target)
    {
        switch (encoding)
        {
            case WavSampleEncoding.Int16:
                TensorPrimitives.ConvertTruncating<short, float>(MemoryMarshal.Cast<byte, short>(bytes), target);
                TensorPrimitives.Multiply(target, 1f / 32768f, target);
                break;
            case WavSampleEncoding.Int32:
                TensorPrimitives.ConvertTruncating<int, float>(MemoryMarshal.Cast<byte, int>(bytes), target);
                TensorPrimitives.Multiply(target, 1f / 2147483648f, target);
                break;
            case WavSampleEncoding.Float32:
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(target);
                break;
            default:
                for (var i = 0; i < target.Length; i++) target[i] = ReadSample(encoding, bytes, i);
                break;
        }
    }

    private static void DownMix(WavHeader header, ReadOnlySpan<byte> bytes, Span<float> target)
    {
        var channels = header.Channels;
        var scale = 1f / channels;
        for (var frame = 0; frame < target.Length; frame++)
        {
            var sum = 0f;
            for (var channel = 0; channel < channels; channel++)
                sum += ReadSample(header.Encoding, bytes, frame * channels + channel);
            target[frame] = sum * scale;
        }
    }

    private static float ReadSample(WavSampleEncoding encoding, ReadOnlySpan<byte> bytes, int index) => encoding switch
    {
        WavSampleEncoding.UInt8 => (bytes[index] - 128) / 128f,
        WavSampleEncoding.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes[(index * 2)..]) / 32768f,
        WavSampleEncoding.Int24 => ((bytes[index * 3] | (bytes[index * 3 + 1] << 8) | ((sbyte)bytes[index * 3 + 2] << 16))) / 8388608f,
        WavSampleEncoding.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(index * 4)..]) / 2147483648f,
        WavSampleEncoding.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes[(index * 4)..]),
        _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(index * 8)..]),
    };
}
