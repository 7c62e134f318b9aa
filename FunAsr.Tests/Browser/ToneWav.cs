using System.Buffers.Binary;

namespace FunAsr.Tests.Browser;

/// <summary>16-bit mono PCM WAV files made in the test: uploads, the recordings a player seeks in, chromium's fake microphone.</summary>
public static class ToneWav
{
    public static byte[] Create(double seconds, double frequency = 440, int sampleRate = 16000)
    {
        var samples = (int)(seconds * sampleRate);
        var bytes = new byte[44 + samples * 2];
        var span = bytes.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + samples * 2);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], samples * 2);
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(0.3 * short.MaxValue * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + i * 2)..], value);
        }
        return bytes;
    }

    public static string WriteTemp(double seconds, double frequency = 440)
    {
        var path = Path.Combine(Path.GetTempPath(), $"funasr-tone-{Guid.NewGuid():N}.wav");
        File.WriteAllBytes(path, Create(seconds, frequency));
        return path;
    }
}
