using System.Buffers.Binary;

namespace FunAsr.Tests.Audio;

/// <summary>RIFF/WAVE files written byte by byte, with whatever header the test wants (sizes that lie included).</summary>
internal static class CraftedWav
{
    /// <summary>A 44-byte PCM header declaring <paramref name="dataLength"/> bytes, followed by <paramref name="data"/>.</summary>
    public static byte[] Pcm(int rate, int channels, int bits, uint dataLength, ReadOnlySpan<byte> data)
    {
        var bytes = new byte[44 + data.Length];
        var s = bytes.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], dataLength == uint.MaxValue ? uint.MaxValue : 36 + dataLength);
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(s[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], rate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], rate * channels * bits / 8);
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], (short)(channels * bits / 8));
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], (short)bits);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[40..], dataLength);
        data.CopyTo(s[44..]);
        return bytes;
    }

    /// <summary>
    /// The 14 MB bomb: 8-bit mono at 1 kHz, 14,000,000 bytes of silence (3.9 hours), which the in-process path
    /// used to resample to 16 kHz whole (900 MB) before the sync limit refused it.
    /// </summary>
    public static byte[] EightBitKilohertzSilence(uint bytes = 14_000_000)
    {
        var data = new byte[bytes];
        Array.Fill(data, (byte)128);
        return Pcm(1_000, 1, 8, bytes, data);
    }
}
