using FunAsr.AsrService.Nano;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Vad;
using FunAsr.Text.Joining;

namespace FunAsr.Tests.Nano;

public sealed class NanoLlmRecognizerTests : IClassFixture<NanoModelsFixture>
{
    private const int Rate = AudioClip.EngineSampleRate;

    // Tone bursts standing in for speech, in seconds.
    private static readonly (double Start, double End)[] Bursts = [(1.0, 8.0), (10.0, 22.5), (25.0, 70.0), (72.0, 80.0), (85.0, 119.0)];

    // The segments the pipeline hands the LLM: the bursts, the long ones cut below the 30 s limit.
    private static readonly (double Start, double End)[] Cuts = [(1.0, 8.0), (10.0, 22.5), (25.0, 47.5), (47.5, 70.0), (72.0, 80.0), (85.0, 102.0), (102.0, 119.0)];

    private readonly NanoModelsFixture _models;

    public NanoLlmRecognizerTests(NanoModelsFixture models) => _models = models;

    private NanoLlmRecognizer Recognizer() =>
        new(_models.Get(NanoFixtures.SherpaFp32), new NanoLlmOptions { MaxNewTokens = 12 }, new ToyFeatureExtractor());

    [Fact]
    public async Task Every_segment_of_two_minutes_is_decoded_on_its_own()
    {
        var samples = TwoMinutesOfBursts();
        var clip = new AudioClip(samples)
        {
            Segments = [.. Cuts.Select(c => new SpeechSpan((int)Math.Round(c.Start * Rate), (int)Math.Round(c.End * Rate)))],
        };

        var result = await Recognizer().RecognizeAsync(clip, new RecognitionOptions { Language = "zh" }, CancellationToken.None);

        var expected = Cuts;
        Assert.Equal(expected.Length, result.Segments.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var segment = result.Segments[i];
            Assert.InRange(segment.Start, expected[i].Item1 - 0.011, expected[i].Item1 + 0.011);
            Assert.InRange(segment.End, expected[i].Item2 - 0.011, expected[i].Item2 + 0.011);
            Assert.True(segment.End - segment.Start <= 30.0);
            Assert.Empty(segment.Tokens);

            var span = samples.AsSpan((int)Math.Round(segment.Start * Rate), (int)Math.Round((segment.End - segment.Start) * Rate));
            var features = new ToyFeatureExtractor().Extract(span);
            var alone = new NanoLlmDecoder(_models.Get(NanoFixtures.SherpaFp32)).Decode(
                features.Values, features.Frames, new NanoDecodeSettings([], "中文", true, 12, true), CancellationToken.None);
            Assert.NotEmpty(alone.TokenIds);
            Assert.Equal(_models.Get(NanoFixtures.SherpaFp32).Tokenizer.Decode(alone.TokenIds).Trim(), segment.Text);
        }

        Assert.True(result.Segments.Select(s => s.Text).Distinct().Count() > 1);
        Assert.Equal(TextJoiner.Join(result.Segments.Select(s => s.Text)), result.Text);
        Assert.Equal(120.0, result.DurationSeconds, 3);
        Assert.Equal("zh", result.Language);
        Assert.True(result.Timings.Inference > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_clip_without_segments_goes_to_the_llm_whole()
    {
        var samples = TwoMinutesOfBursts()[..(12 * Rate)];
        var result = await Recognizer().RecognizeAsync(new AudioClip(samples), new RecognitionOptions { Hotwords = ["阿里巴巴"] }, CancellationToken.None);
        var segment = Assert.Single(result.Segments);
        Assert.Equal((0.0, 12.0), (segment.Start, segment.End));
        Assert.Equal("auto", result.Language);
    }

    [Fact]
    public async Task Hotwords_reach_the_prompt()
    {
        var samples = TwoMinutesOfBursts()[(int)(1.0 * Rate)..(int)(8.0 * Rate)];
        var recognizer = Recognizer();
        var with = await recognizer.RecognizeAsync(new AudioClip(samples), new RecognitionOptions { Hotwords = ["阿里巴巴", "FunASR"] }, CancellationToken.None);

        var features = new ToyFeatureExtractor().Extract(samples);
        var expected = new NanoLlmDecoder(_models.Get(NanoFixtures.SherpaFp32)).Decode(
            features.Values, features.Frames, new NanoDecodeSettings(["阿里巴巴", "FunASR"], null, true, 12, true), CancellationToken.None);
        Assert.Equal(_models.Get(NanoFixtures.SherpaFp32).Tokenizer.Decode(expected.TokenIds).Trim(), with.Text);
    }

    [Fact]
    public async Task Bad_requests_fail_before_any_work()
    {
        var recognizer = Recognizer();
        await Assert.ThrowsAsync<ArgumentException>(() =>
            recognizer.RecognizeAsync(new AudioClip(new float[16000]), new RecognitionOptions { Language = "tlh" }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            recognizer.RecognizeAsync(new AudioClip(new float[8000], 8000), new RecognitionOptions(), CancellationToken.None));
    }

    [Fact]
    public async Task Cancellation_is_honoured()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Recognizer().RecognizeAsync(new AudioClip(TwoMinutesOfBursts()), new RecognitionOptions(), cts.Token));
    }

    [Fact]
    public void Nano_2512_offers_zh_en_ja_and_hotwords()
    {
        var model = Recognizer().Model;
        Assert.Equal(NanoLlmRecognizer.FamilyName, model.Family);
        Assert.True(model.SupportsHotwords);
        Assert.Equal(["auto", "zh", "en", "ja"], model.Languages);
    }

    [Fact]
    public void Mlt_nano_2512_offers_its_31_languages()
    {
        var model = new NanoLlmRecognizer(_models.Get(NanoFixtures.ManySpeechMlt), new NanoLlmOptions(), new ToyFeatureExtractor()).Model;
        Assert.Equal(32, model.Languages.Count);
        Assert.Equal(["auto", .. NanoPrompt.LanguageNames.Keys], model.Languages);
        Assert.Contains("ManySpeech", model.Family);
    }

    [Fact]
    public async Task A_language_the_model_does_not_offer_is_refused_before_any_work()
    {
        // Fun-ASR-Nano-2512 was trained on 中文/英文/日文 only; Korean is an MLT-Nano language.
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            Recognizer().RecognizeAsync(new AudioClip(new float[16000]), new RecognitionOptions { Language = "ko" }, CancellationToken.None));
        Assert.Contains("zh, en, ja", e.Message);
    }

    private static float[] TwoMinutesOfBursts()
    {
        var samples = new float[120 * Rate];
        for (var b = 0; b < Bursts.Length; b++)
        {
            var frequency = 300.0 + (170.0 * b);
            for (var i = (int)(Bursts[b].Start * Rate); i < (int)(Bursts[b].End * Rate); i++)
            {
                samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * frequency * i / Rate));
            }
        }

        return samples;
    }

    /// <summary>Deterministic stand-in for fbank+LFR: one 560-dim frame per 60 ms, shaped by the frame's samples.</summary>
    private sealed class ToyFeatureExtractor : INanoFeatureExtractor
    {
        public NanoFeatures Extract(ReadOnlySpan<float> samples)
        {
            const int hop = 960;
            var frames = (samples.Length + hop - 1) / hop;
            var values = new float[frames * 560];
            for (var f = 0; f < frames; f++)
            {
                var chunk = samples.Slice(f * hop, Math.Min(hop, samples.Length - (f * hop)));
                var crossings = 0;
                for (var i = 1; i < chunk.Length; i++)
                {
                    crossings += (chunk[i - 1] < 0) != (chunk[i] < 0) ? 1 : 0;
                }

                for (var d = 0; d < 560; d++)
                {
                    values[(f * 560) + d] = (float)Math.Sin((0.37 * d) + (0.05 * crossings) + (0.011 * f));
                }
            }

            return new NanoFeatures(values, frames);
        }
    }
}
