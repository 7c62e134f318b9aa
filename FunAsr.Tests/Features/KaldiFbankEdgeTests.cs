using FunAsr.AsrService.Features;

namespace FunAsr.Tests.Features;

public sealed class KaldiFbankEdgeTests
{
    [Theory]
    [InlineData(0, true, 0)]
    [InlineData(1, true, 0)]
    [InlineData(399, true, 0)]
    [InlineData(400, true, 1)]
    [InlineData(401, true, 1)]
    [InlineData(560, true, 2)]
    [InlineData(0, false, 0)]
    [InlineData(1, false, 0)]
    [InlineData(79, false, 0)]
    [InlineData(80, false, 1)]
    [InlineData(399, false, 2)]
    [InlineData(400, false, 3)]
    [InlineData(401, false, 3)]
    public void Short_inputs_give_the_kaldi_frame_count_and_finite_values(int length, bool snipEdges, int expectedFrames)
    {
        var fbank = new KaldiFbank(new FbankOptions { SnipEdges = snipEdges });
        var random = new Random(length);
        float[] samples = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();

        float[] feats = fbank.Compute(samples);

        Assert.Equal(expectedFrames, fbank.FrameCount(length));
        Assert.Equal(expectedFrames * 80, feats.Length);
        Assert.All(feats, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Reflected_edges_equal_an_explicitly_mirrored_signal()
    {
        // Kaldi's snip_edges=false frame 0 starts 120 samples before the signal, mirrored: x[-1] = x[0], x[-2] = x[1], ...
        float[] samples = FeatureFixtures.ReadWav("english.wav").AsSpan(8000, 1600).ToArray();
        float[] mirrored = [.. samples.AsSpan(0, 120).ToArray().Reverse(), .. samples.AsSpan(0, 280)];
        var reflecting = new KaldiFbank(new FbankOptions { SnipEdges = false });
        var snipping = new KaldiFbank(new FbankOptions { SnipEdges = true });

        float[] firstFrame = reflecting.Compute(samples).AsSpan(0, 80).ToArray();
        float[] explicitFrame = snipping.Compute(mirrored);

        Assert.Equal(explicitFrame, firstFrame);
    }

    [Fact]
    public void Pure_silence_is_the_log_epsilon_floor_not_nan()
    {
        var fbank = new KaldiFbank(new FbankOptions());
        float[] feats = fbank.Compute(new float[16000]);

        Assert.Equal(98 * 80, feats.Length);
        Assert.All(feats, v => Assert.Equal(MathF.Log(1.1920929e-07f), v, 1e-5f));
    }

    [Fact]
    public void Output_too_small_is_rejected_with_a_clear_message()
    {
        var fbank = new KaldiFbank(new FbankOptions());
        var ex = Assert.Throws<ArgumentException>(() => fbank.Compute(new float[1600], new float[10]));
        Assert.Contains("frames", ex.Message);
    }

    [Fact]
    public void Concurrent_calls_give_identical_results()
    {
        var fbank = new KaldiFbank(new FbankOptions());
        float[] samples = FeatureFixtures.ReadWav("chinese.wav");
        float[] expected = fbank.Compute(samples);

        float[][] results = new float[8][];
        Parallel.For(0, results.Length, i => results[i] = fbank.Compute(samples));

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
