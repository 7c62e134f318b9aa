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

    /// <summary>Reads the data chunk from <paramref name="data"/>, which starts at its first sample.</summary>
    public static async Task<float[]> ReadAsync(WavHeader header, Stream data, long maxOutputSamples, CancellationToken cancellationToken)
    {
        var maxSourceFrames = (long)Math.Ceiling((double)maxOutputSamples * header.SampleRate / DecodedAudio.SampleRate);
        if (header.DataLength is { } declared && declared / header.BlockAlign > maxSourceFrames)
            throw TooLong(declared / header.BlockAlign, header.SampleRate, maxOutputSamples);

        using var mono = new SampleAccumulator();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            var remaining = header.DataLength ?? long.MaxValue;
            var pending = 0;
            while (remaining > 0)
            {
                var want = (int)Math.Min(BufferBytes - pending, remaining);
                var read = await data.ReadAsync(buffer.AsMemory(pending, want), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                remaining -= read;
                pending += read;

                var whole = pending - pending % header.BlockAlign;
                AppendFrames(header, buffer.AsSpan(0, whole), mono);
                buffer.AsSpan(whole, pending - whole).CopyTo(buffer);
                pending -= whole;

                if (mono.Count > maxSourceFrames) throw TooLong(mono.Count, header.SampleRate, maxOutputSamples);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var samples = mono.ToArray();
        return header.SampleRate == DecodedAudio.SampleRate
            ? samples
            : new SincResampler(header.SampleRate, DecodedAudio.SampleRate).Process(samples);
    }

    private static void AppendFrames(WavHeader header, ReadOnlySpan<byte> frames, SampleAccumulator mono)
    {
        var frameCount = frames.Length / header.BlockAlign;
        var done = 0;
        while (done < frameCount)
        {
            var target = mono.GetSpan(frameCount - done);
            var bytes = frames.Slice(done * header.BlockAlign, target.Length * header.BlockAlign);
            if (header.Channels == 1) ConvertMono(header.Encoding, bytes, target);
            else DownMix(header, bytes, target);
            mono.Advance(target.Length);
            done += target.Length;
        }
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

    private static AudioDecodeException TooLong(long frames, int sampleRate, long maxOutputSamples) =>
        new(AudioDecodeFailure.TooLong,
            $"Audio is at least {(double)frames / sampleRate:0.###} s long; the limit is {(double)maxOutputSamples / DecodedAudio.SampleRate:0.###} s (Asr:Audio:MaxDurationSeconds).");
}
