using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Browser;

/// <summary>16-bit mono PCM WAV files made in the test: uploads, the recordings a player seeks in, chromium's fake microphone.</summary>
public static class ToneWav
{
    public static byte[] Create(double seconds, double frequency = 440, int sampleRate = 16000)
    {
        var samples = new float[(int)(seconds * sampleRate)];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return WavWriter.Encode(samples, sampleRate);
    }

    public static string WriteTemp(double seconds, double frequency = 440)
    {
        var path = Path.Combine(Path.GetTempPath(), $"funasr-tone-{Guid.NewGuid():N}.wav");
        File.WriteAllBytes(path, Create(seconds, frequency));
        return path;
    }
}
