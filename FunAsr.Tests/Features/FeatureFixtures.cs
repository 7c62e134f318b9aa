using System.Buffers.Binary;

namespace FunAsr.Tests.Features;

/// <summary>Reads the reference fixtures written by models/testing/make_fbank_fixtures.py.</summary>
internal static class FeatureFixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Features", name);

    /// <summary>.f32: int32 rows, int32 cols, then float32 data, all little endian.</summary>
    public static (int Rows, int Cols, float[] Data) ReadMatrix(string name)
    {
        byte[] bytes = File.ReadAllBytes(PathOf(name));
        int rows = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        int cols = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        var data = new float[rows * cols];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(8 + 4 * i));
        }

        return (rows, cols, data);
    }

    /// <summary>16-bit mono PCM WAV to floats in [-1, 1].</summary>
    public static float[] ReadWav(string name)
    {
        byte[] bytes = File.ReadAllBytes(PathOf(name));
        int pos = 12;
        while (pos + 8 <= bytes.Length)
        {
            string id = System.Text.Encoding.ASCII.GetString(bytes, pos, 4);
            int size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 4));
            if (id == "data")
            {
                var samples = new float[size / 2];
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(pos + 8 + 2 * i)) / 32768f;
                }

                return samples;
            }

            pos += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{name} has no data chunk.");
    }

    public static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
