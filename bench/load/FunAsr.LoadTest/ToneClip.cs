using System.Buffers.Binary;
using System.Text.Json;

namespace FunAsr.LoadTest;

/// <summary>
/// A speech-like test clip: the known-answer model's tone words (tones.json) in short phrases with pauses, so the service
/// does real voice-activity segmentation and the known-answer model returns real text.
/// </summary>
public static class ToneClip
{
    private const int SampleRate = 16_000;

    public static byte[] Wav(string tonesPath, double seconds)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(tonesPath));
        var root = document.RootElement;
        var frequencies = root.GetProperty("tones").EnumerateArray().Select(t => t.GetProperty("frequencyHz").GetDouble()).ToArray();
        var amplitude = root.GetProperty("amplitude").GetDouble();
        var tone = SampleRate * root.GetProperty("toneMs").GetInt32() / 1000;
        var pause = SampleRate * root.GetProperty("pauseMs").GetInt32() / 1000;
        var fade = SampleRate * root.GetProperty("fadeMs").GetInt32() / 1000;

        var samples = new List<float>();
        var random = new Random(42);
        while (samples.Count < seconds * SampleRate)
        {
            samples.AddRange(new float[pause * 3]);
            var previous = -1;
            for (var word = random.Next(3, 8); word > 0; word--)
            {
                var index = random.Next(frequencies.Length);
                if (index == previous)
                {
                    index = (index + 1) % frequencies.Length;
                }
                previous = index;
                for (var n = 0; n < tone; n++)
                {
                    var envelope = Math.Min(1.0, Math.Min(n, tone - 1 - n) / (double)fade);
                    samples.Add((float)(amplitude * envelope * Math.Sin(2 * Math.PI * frequencies[index] * n / SampleRate)));
                }
            }
        }
        return Encode(samples.Take((int)(seconds * SampleRate)).ToArray());
    }

    private static byte[] Encode(float[] samples)
    {
        var wav = new byte[44 + samples.Length * 2];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + samples.Length * 2);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], SampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], samples.Length * 2);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span[(44 + 2 * i)..], (short)Math.Clamp(samples[i] * 32767f, -32768f, 32767f));
        }
        return wav;
    }
}
