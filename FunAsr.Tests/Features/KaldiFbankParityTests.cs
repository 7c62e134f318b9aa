using FunAsr.AsrService.Features;
using Xunit.Abstractions;

namespace FunAsr.Tests.Features;

/// <summary>C# features against torchaudio.compliance.kaldi.fbank / FunASR's apply_lfr and apply_cmvn on real speech.</summary>
public sealed class KaldiFbankParityTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-3f;

    [Theory]
    [InlineData("english", true)]
    [InlineData("english", false)]
    [InlineData("chinese", true)]
    [InlineData("chinese", false)]
    [InlineData("japanese", true)]
    [InlineData("japanese", false)]
    public void Fbank_matches_torchaudio(string clip, bool snipEdges)
    {
        float[] samples = FeatureFixtures.ReadWav($"{clip}.wav");
        var (rows, cols, expected) = FeatureFixtures.ReadMatrix($"{clip}.fbank.{Tag(snipEdges)}.f32");
        var fbank = new KaldiFbank(new FbankOptions { SnipEdges = snipEdges });

        Assert.Equal(rows, fbank.FrameCount(samples.Length));
        Assert.Equal(80, cols);
        float[] actual = fbank.Compute(samples);

        float diff = FeatureFixtures.MaxAbsDiff(expected, actual);
        output.WriteLine($"fbank {clip} snip_edges={snipEdges}: {rows}x{cols}, max-abs-diff {diff:E3}");
        Assert.True(diff <= Tolerance, $"max-abs-diff {diff} exceeds {Tolerance}");
    }

    [Fact]
    public void Lfr_matches_funasr()
    {
        float[] samples = FeatureFixtures.ReadWav("english.wav");
        var (rows, cols, expected) = FeatureFixtures.ReadMatrix("english.lfr.snip.f32");
        var fbank = new KaldiFbank(new FbankOptions());
        float[] feats = fbank.Compute(samples);
        int frames = fbank.FrameCount(samples.Length);

        Assert.Equal(rows, LowFrameRate.OutputFrameCount(frames, 6));
        Assert.Equal(560, cols);
        float[] lfr = LowFrameRate.Apply(feats, frames, 80, 7, 6);

        float diff = FeatureFixtures.MaxAbsDiff(expected, lfr);
        output.WriteLine($"lfr english: {rows}x{cols}, max-abs-diff {diff:E3}");
        Assert.True(diff <= Tolerance, $"max-abs-diff {diff} exceeds {Tolerance}");
    }

    [Theory]
    [InlineData("english", true)]
    [InlineData("chinese", true)]
    [InlineData("chinese", false)]
    [InlineData("japanese", true)]
    public void Lfr_and_cmvn_match_funasr(string clip, bool snipEdges)
    {
        float[] samples = FeatureFixtures.ReadWav($"{clip}.wav");
        var (rows, cols, expected) = FeatureFixtures.ReadMatrix($"{clip}.lfr_cmvn.{Tag(snipEdges)}.f32");
        var fbank = new KaldiFbank(new FbankOptions { SnipEdges = snipEdges });
        var cmvn = Cmvn.LoadKaldiNnet(FeatureFixtures.PathOf("am.mvn"));
        int frames = fbank.FrameCount(samples.Length);

        var lfr = new float[LowFrameRate.OutputFrameCount(frames, 6) * 560];
        LowFrameRate.Apply(fbank.Compute(samples), frames, 80, 7, 6, lfr);
        cmvn.ApplyInPlace(lfr);

        Assert.Equal(rows * cols, lfr.Length);
        float diff = FeatureFixtures.MaxAbsDiff(expected, lfr);
        output.WriteLine($"lfr+cmvn {clip} snip_edges={snipEdges}: {rows}x{cols}, max-abs-diff {diff:E3}");
        Assert.True(diff <= Tolerance, $"max-abs-diff {diff} exceeds {Tolerance}");
    }

    [Theory]
    [InlineData(400, true)]
    [InlineData(400, false)]
    [InlineData(401, true)]
    [InlineData(401, false)]
    public void Frame_sized_inputs_match_torchaudio(int length, bool snipEdges)
    {
        float[] samples = FeatureFixtures.ReadWav("english.wav").AsSpan(4000, length).ToArray();
        var (rows, _, expected) = FeatureFixtures.ReadMatrix($"edge{length}.fbank.{Tag(snipEdges)}.f32");
        var fbank = new KaldiFbank(new FbankOptions { SnipEdges = snipEdges });

        Assert.Equal(rows, fbank.FrameCount(length));
        float diff = FeatureFixtures.MaxAbsDiff(expected, fbank.Compute(samples));
        output.WriteLine($"fbank {length} samples snip_edges={snipEdges}: {rows} frames, max-abs-diff {diff:E3}");
        Assert.True(diff <= Tolerance, $"max-abs-diff {diff} exceeds {Tolerance}");
    }

    private static string Tag(bool snipEdges) => snipEdges ? "snip" : "nosnip";
}
