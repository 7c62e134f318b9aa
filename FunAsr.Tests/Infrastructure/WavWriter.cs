using System.Buffers.Binary;
using System.Text;

namespace FunAsr.Tests.Infrastructure;

/// <summary>RIFF/WAVE files made in tests: 16-bit PCM by default, or 32-bit IEEE float; mono samples copied to every channel.</summary>
public static class WavWriter
{
    public static byte[] Encode(ReadOnlySpan<float> samples, int sampleRate = 16_000, int bitsPerSample = 16, int channels = 1)
    {
        if (bitsPerSample is not (16 or 32))
        {
            throw new ArgumentOutOfRangeException(nameof(bitsPerSample), "16 (PCM) or 32 (float)");
        }

        var bytesPerSample = bitsPerSample / 8;
        var dataLength = samples.Length * bytesPerSample * channels;
        var wav = new byte[44 + dataLength];
        var span = wav.AsSpan();
        Encoding.ASCII.GetBytes("RIFF", span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + dataLength);
        Encoding.ASCII.GetBytes("WAVEfmt ", span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], (short)(bitsPerSample == 16 ? 1 : 3));
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * bytesPerSample * channels);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], (short)(bytesPerSample * channels));
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], (short)bitsPerSample);
        Encoding.ASCII.GetBytes("data", span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], dataLength);
        var offset = 44;
        foreach (var sample in samples)
        {
            for (var c = 0; c < channels; c++, offset += bytesPerSample)
            {
                if (bitsPerSample == 16)
                {
                    var pcm = (short)Math.Clamp(MathF.Round(sample * 32767f), short.MinValue, short.MaxValue);
                    BinaryPrimitives.WriteInt16LittleEndian(span[offset..], pcm);
                }
                else
                {
                    BinaryPrimitives.WriteSingleLittleEndian(span[offset..], sample);
                }
            }
        }

        return wav;
    }
}
