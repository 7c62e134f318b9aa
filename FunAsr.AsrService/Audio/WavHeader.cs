using System.Buffers.Binary;

namespace FunAsr.AsrService.Audio;

internal enum WavSampleEncoding { UInt8, Int16, Int24, Int32, Float32, Float64 }

/// <summary>The facts of a RIFF/WAVE header that the in-process PCM reader needs.</summary>
internal sealed record WavHeader(
    WavSampleEncoding Encoding,
    int Channels,
    int SampleRate,
    int BlockAlign,
    int DataOffset,
    long? DataLength)
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    public static bool IsRiffWave(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8);

    public string CodecName => Encoding switch
    {
        WavSampleEncoding.UInt8 => "pcm_u8",
        WavSampleEncoding.Int16 => "pcm_s16le",
        WavSampleEncoding.Int24 => "pcm_s24le",
        WavSampleEncoding.Int32 => "pcm_s32le",
        WavSampleEncoding.Float32 => "pcm_f32le",
        _ => "pcm_f64le",
    };

    /// <summary>
    /// Parses the header when it lies within <paramref name="head"/> and describes plain PCM or IEEE float;
    /// anything else (ADPCM, mu-law, RF64, a data chunk past the sniffed bytes) is left to ffmpeg.
    /// </summary>
    public static WavHeader? TryParse(ReadOnlySpan<byte> head)
    {
        if (!IsRiffWave(head)) return null;

        WavSampleEncoding? encoding = null;
        int channels = 0, sampleRate = 0, blockAlign = 0;
        var position = 12;
        while (position + 8 <= head.Length)
        {
            var id = head.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(position + 4, 4));
            var body = position + 8;

            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > head.Length) return null;
                var fmt = head.Slice(body, (int)Math.Min(size, (uint)(head.Length - body)));
                var formatTag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(fmt[4..]);
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
                var bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
                if (formatTag == FormatExtensible)
                {
                    // WAVEFORMATEXTENSIBLE: the real format tag is the first two bytes of the sub-format GUID.
                    if (fmt.Length < 40) return null;
                    formatTag = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
                }

                encoding = (formatTag, bits) switch
                {
                    (FormatPcm, 8) => WavSampleEncoding.UInt8,
                    (FormatPcm, 16) => WavSampleEncoding.Int16,
                    (FormatPcm, 24) => WavSampleEncoding.Int24,
                    (FormatPcm, 32) => WavSampleEncoding.Int32,
                    (FormatFloat, 32) => WavSampleEncoding.Float32,
                    (FormatFloat, 64) => WavSampleEncoding.Float64,
                    _ => null,
                };
                if (encoding is null || channels is < 1 or > 64) return null;
                // ffmpeg resamples rates whose weight table would be large (see SincResampler.MaxWeights).
                if (!SincResampler.IsPractical(sampleRate, DecodedAudio.SampleRate)) return null;
                if (blockAlign != channels * (bits / 8)) return null;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (encoding is null) return null;
                // Writers that stream to a pipe cannot seek back, so they leave 0 or 0xFFFFFFFF: read to the end.
                long? length = size is 0 or uint.MaxValue ? null : size;
                return new WavHeader(encoding.Value, channels, sampleRate, blockAlign, body, length);
            }

            var next = (long)body + size + (size & 1);
            if (next > head.Length) return null;
            position = (int)next;
        }

        return null;
    }
}
