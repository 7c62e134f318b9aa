using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Features;
using Xunit.Abstractions;

namespace FunAsr.Tests.Diarization;

/// <summary>Speaker-embedding front ends against torchaudio's kaldi.fbank and Slaney banks (reference.fbank), normalisation included.</summary>
public sealed class SpeakerFrontendParityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("3d-speaker-sherpa", SpeakerEmbeddingFramework.ThreeDSpeaker, SpeakerFeaturePreset.Sherpa, true, FeatureNormalization.GlobalMean)]
    [InlineData("3d-speaker-upstream", SpeakerEmbeddingFramework.ThreeDSpeaker, SpeakerFeaturePreset.Upstream, true, FeatureNormalization.GlobalMean)]
    [InlineData("wespeaker-sherpa", SpeakerEmbeddingFramework.WeSpeaker, SpeakerFeaturePreset.Sherpa, false, FeatureNormalization.None)]
    [InlineData("wespeaker-upstream", SpeakerEmbeddingFramework.WeSpeaker, SpeakerFeaturePreset.Upstream, false, FeatureNormalization.None)]
    [InlineData("nemo", SpeakerEmbeddingFramework.NeMo, SpeakerFeaturePreset.Sherpa, true, FeatureNormalization.PerFeature)]
    public void Front_end_matches_the_python_reference(string preset, SpeakerEmbeddingFramework framework, SpeakerFeaturePreset which,
        bool normalizeSamples, FeatureNormalization metadataNormalization)
    {
        var clip = DiarizationFixtures.Json("fbank.json");
        float[] samples = DiarizationFixtures.Meeting.AsSpan(clip.GetProperty("clip_start").GetInt32(), clip.GetProperty("clip_length").GetInt32()).ToArray();
        var (rows, cols, expected) = DiarizationFixtures.ReadMatrix($"fbank-{preset}.f32");
        var nemo = framework == SpeakerEmbeddingFramework.NeMo ? new NemoFrameSettings(80, 25, 10, FbankWindow.Hann) : null;
        var frontend = SpeakerEmbeddingFrontend.For(framework, which, normalizeSamples, metadataNormalization, nemo);

        Assert.Equal(rows, frontend.FrameCount(samples.Length));
        Assert.Equal(80, cols);
        var actual = new float[rows * cols];
        frontend.Compute(samples, actual);

        float worst = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        }

        output.WriteLine($"{preset}: {rows}x{cols}, max-abs-diff {worst:E2}");
        // Log-mel values span about ±20 (×32768 inputs reach 25): 1e-3 is float32 rounding through two FFT implementations.
        Assert.True(worst <= 1e-3f, $"max-abs-diff {worst}");
    }

    [Fact]
    public void Presets_differ_where_the_recipes_differ()
    {
        var sherpa = SpeakerEmbeddingFrontend.For(SpeakerEmbeddingFramework.ThreeDSpeaker, SpeakerFeaturePreset.Sherpa, true, FeatureNormalization.GlobalMean);
        var upstream = SpeakerEmbeddingFrontend.For(SpeakerEmbeddingFramework.WeSpeaker, SpeakerFeaturePreset.Upstream, false, FeatureNormalization.None);
        var nemo = SpeakerEmbeddingFrontend.For(SpeakerEmbeddingFramework.NeMo, SpeakerFeaturePreset.Upstream, true, FeatureNormalization.PerFeature,
            new NemoFrameSettings(64, 20, 10, FbankWindow.Hann));

        Assert.Equal((FbankWindow.Povey, false, -400f, false), (sherpa.Fbank.Window, sherpa.Fbank.SnipEdges, sherpa.Fbank.HighFrequency, sherpa.Fbank.ScaleToInt16));
        Assert.Equal((FbankWindow.Hamming, true, 0f, true, FeatureNormalization.GlobalMean),
            (upstream.Fbank.Window, upstream.Fbank.SnipEdges, upstream.Fbank.HighFrequency, upstream.Fbank.ScaleToInt16, upstream.Normalization));
        Assert.Equal((64, 20f, FbankMelScale.Slaney, false, 0f), (nemo.Bins, nemo.Fbank.FrameLengthMs, nemo.Fbank.MelScale, nemo.Fbank.RemoveDcOffset, nemo.Fbank.LowFrequency));
        Assert.Equal(1 + (16000 - 320) / 160, nemo.FrameCount(16000));
    }
}
