using System.Buffers.Binary;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// The Xing/Info tag an encoder writes into the first MPEG audio frame after encoding finished.
/// Its byte count lets a truncated mp3 be told from a complete one, which ffmpeg does not do on a pipe.
/// </summary>
internal sealed record Mp3InfoHeader(long StreamOffset, long StreamBytes, long Frames, int SampleRate, int SamplesPerFrame)
{
    private static readonly int[] Mpeg1Rates = [44_100, 48_000, 32_000];

    public double DeclaredSeconds => (double)Frames * SamplesPerFrame / SampleRate;

    public static Mp3InfoHeader? TryParse(ReadOnlySpan<byte> head)
    {
        long offset = 0;
        if (head.Length >= 10 && head[..3].SequenceEqual("ID3"u8))
        {
            // ID3v2 sizes are "syncsafe": 7 bits per byte.
            var tagSize = (head[6] & 0x7F) << 21 | (head[7] & 0x7F) << 14 | (head[8] & 0x7F) << 7 | (head[9] & 0x7F);
            var footer = (head[5] & 0x10) != 0 ? 10 : 0;
            offset = 10 + tagSize + footer;
        }

        if (offset + 4 > head.Length) return null;
        var frame = head[(int)offset..];
        if (frame[0] != 0xFF || (frame[1] & 0xE0) != 0xE0) return null;

        var version = (frame[1] >> 3) & 0x3;      // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
        var layer = (frame[1] >> 1) & 0x3;        // 1 = Layer III
        var rateIndex = (frame[2] >> 2) & 0x3;
        var mono = (frame[3] >> 6) == 3;
        if (version == 1 || layer != 1 || rateIndex == 3) return null;

        var sampleRate = Mpeg1Rates[rateIndex] / (version == 3 ? 1 : version == 2 ? 2 : 4);
        var samplesPerFrame = version == 3 ? 1152 : 576;
        var sideInfo = version == 3 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        var tag = 4 + sideInfo;
        if (frame.Length < tag + 16) return null;
        var id = frame.Slice(tag, 4);
        if (!id.SequenceEqual("Xing"u8) && !id.SequenceEqual("Info"u8)) return null;

        var flags = BinaryPrimitives.ReadUInt32BigEndian(frame[(tag + 4)..]);
        if ((flags & 0x3) != 0x3) return null;
        var frames = BinaryPrimitives.ReadUInt32BigEndian(frame[(tag + 8)..]);
        var bytes = BinaryPrimitives.ReadUInt32BigEndian(frame[(tag + 12)..]);
        // An encoder writing to a pipe cannot seek back to fill these in and leaves zeros.
        if (frames == 0 || bytes == 0) return null;
        return new Mp3InfoHeader(offset, bytes, frames, sampleRate, samplesPerFrame);
    }
}
