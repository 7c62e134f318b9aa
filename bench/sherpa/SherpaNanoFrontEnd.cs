// Shared by the bench tools that compare with sherpa-onnx (ReplicaIds, bench/speed/EngineBench).
using FunAsr.AsrService.Features;
using FunAsr.AsrService.Nano;

namespace FunAsr.Bench.Sherpa;

/// <summary>sherpa-onnx's Fun-ASR-Nano front end, and 16-bit PCM WAV reading for the bench tools.</summary>
public static class SherpaNanoFrontEnd
{
    /// <summary>
    /// Fbank with snip_edges=false and unpadded (T-7)/6+1 LFR rows, as sherpa-onnx's Nano-LLM path computes them
    /// (offline-recognizer-funasr-nano-impl.cc), so a decode can be fed exactly what sherpa feeds.
    /// </summary>
    public static NanoFeatures Features(float[] samples)
    {
        var fbank = new KaldiFbank(new FbankOptions { NumMelBins = 80, SnipEdges = false, ScaleToInt16 = true });
        var frames = fbank.FrameCount(samples.Length);
        var mel = new float[frames * 80];
        fbank.Compute(samples, mel);
        var rows = Math.Max(0, ((frames - 7) / 6) + 1);
        var values = new float[rows * 560];
        for (var i = 0; i < rows; i++)
        {
            mel.AsSpan(i * 6 * 80, 560).CopyTo(values.AsSpan(i * 560));
        }

        return new NanoFeatures(values, rows);
    }

    /// <summary>The samples of a 16-bit PCM WAV file as floats in [-1, 1).</summary>
    public static float[] ReadWav(string path)
    {
        var bytes = File.ReadAllBytes(path);
        for (var at = 12; at + 8 <= bytes.Length;)
        {
            var size = BitConverter.ToInt32(bytes, at + 4);
            if (System.Text.Encoding.ASCII.GetString(bytes, at, 4) == "data")
            {
                var samples = new float[size / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BitConverter.ToInt16(bytes, at + 8 + (2 * i)) / 32768f;
                }

                return samples;
            }

            at += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk");
    }
}
