namespace FunAsr.Tests.Vad;

/// <summary>Synthetic 16 kHz signals with known speech-like (tone) and silent stretches, and the crafted VAD models.</summary>
internal static class VadTestAudio
{
    public const int Rate = 16000;

    public static string ModelsFolder => Path.Combine(RepositoryRoot(), "models", "testing", "vad");

    public static float[] Silence(double seconds, int seed = 1)
    {
        var random = new Random(seed);
        var samples = new float[(int)(seconds * Rate)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)((random.NextDouble() - 0.5) * 2e-4);
        }

        return samples;
    }

    /// <summary>Writes a tone with 10 ms fades into <paramref name="samples"/> over [start, end) seconds.</summary>
    public static void AddTone(float[] samples, double start, double end, double frequency = 440, float amplitude = 0.3f)
    {
        int from = (int)(start * Rate), to = Math.Min(samples.Length, (int)(end * Rate));
        int fade = Rate / 100;
        for (int i = from; i < to; i++)
        {
            float envelope = Math.Min(1f, Math.Min(i - from, to - 1 - i) / (float)fade);
            samples[i] += amplitude * envelope * MathF.Sin(2 * MathF.PI * (float)frequency * i / Rate);
        }
    }

    public static float[] ReadWav(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int pos = 12;
        while (pos + 8 <= bytes.Length)
        {
            string id = System.Text.Encoding.ASCII.GetString(bytes, pos, 4);
            int size = BitConverter.ToInt32(bytes, pos + 4);
            if (id == "data")
            {
                var samples = new float[size / 2];
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = BitConverter.ToInt16(bytes, pos + 8 + 2 * i) / 32768f;
                }

                return samples;
            }

            pos += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk.");
    }

    public static float[] ReadColumn(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int rows = BitConverter.ToInt32(bytes, 0);
        var values = new float[rows];
        Buffer.BlockCopy(bytes, 8, values, 0, rows * 4);
        return values;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FunAsr.Aspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("FunAsr.Aspire.sln not found above " + AppContext.BaseDirectory);
    }
}
