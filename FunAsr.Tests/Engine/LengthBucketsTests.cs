using FunAsr.AsrService.Decoding;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Recognition;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Engine;

public sealed class LengthBucketsTests
{
    private static readonly string[] Sentences =
    [
        "今天", "▁hello ▁world", "我们 一起 学习 今天 天气 很好 。", "▁the ▁weather ▁is ▁nice", "很好 。",
        "▁to day ▁the ▁weather ▁is ▁nice ▁hello ▁world", "▁你好 世界", "天气",
    ];

    [Theory]
    [InlineData(8, 1.25)]
    [InlineData(3, 1.5)]
    [InlineData(16, 1.0)]
    public void Every_segment_is_planned_once_and_no_run_pads_beyond_the_ratio(int maxBatch, double ratio)
    {
        // Mixed 2–30 s clips at SenseVoice's 60 ms LFR frames: 33–500 frames.
        var random = new Random(21);
        var frames = Enumerable.Range(0, 200).Select(_ => random.Next(33, 501)).ToArray();

        var runs = LengthBuckets.Plan(frames, maxBatch, ratio);

        Assert.Equal(Enumerable.Range(0, frames.Length), runs.SelectMany(r => r).Order());
        Assert.All(runs, run =>
        {
            Assert.InRange(run.Length, 1, maxBatch);
            var lengths = run.Select(i => frames[i]).ToArray();
            Assert.True(lengths.Max() <= ratio * lengths.Min(), $"run {string.Join(',', lengths)} pads beyond {ratio}");
        });
    }

    [Fact]
    public void Equal_lengths_fill_whole_runs_and_a_long_outlier_runs_alone()
    {
        int[] frames = [100, 100, 100, 100, 500, 100, 100];

        var runs = LengthBuckets.Plan(frames, 4, 1.25);

        Assert.Equal(3, runs.Count);
        Assert.Equal(new[] { 4, 2, 1 }, runs.Select(r => r.Length));
        Assert.Equal(new[] { 4 }, runs[^1]);
    }

    [Fact]
    public async Task Bucketed_runs_give_every_segment_the_best_path_and_text_of_its_own_run()
    {
        await using var engine = EngineHarness.Create();
        var extractor = new SpeechFeatureExtractor(engine.Model);
        var inputs = Sentences.Select(s => extractor.Extract(ToneWords.Synthesize(s).Samples, 0, 14)).ToList();
        Assert.True(inputs.Max(i => i.Frames) > 2 * inputs.Min(i => i.Frames), "the segments must be of mixed length");
        var acoustic = new AcousticModel(engine.Model);
        var decoder = new TranscriptDecoder(engine.Model.Definition, engine.Model.Tokens);

        var singles = inputs.Select(i => acoustic.Run([i], CancellationToken.None).Single()).ToArray();
        foreach (var ratio in new[] { 1.0, 1.25, 100.0 })
        {
            var bucketed = acoustic.RunBucketed(inputs, 8, ratio, CancellationToken.None);
            for (var i = 0; i < inputs.Count; i++)
            {
                Assert.Equal(singles[i].Frames, bucketed[i].Frames);
                Assert.Equal(singles[i].BestPath, bucketed[i].BestPath);
                Assert.Equal(ToneWords.Synthesize(Sentences[i]).ExpectedText, decoder.Decode(bucketed[i]).Text);
                Assert.Null(bucketed[i].Logits);
            }
        }
    }

    [Fact]
    public async Task Cross_request_batching_of_mixed_lengths_keeps_each_caller_its_own_text()
    {
        await using var engine = EngineHarness.Create(batching: new BatchingOptions { MaxBatchSize = 4, MaxWaitMs = 200, QueueCapacity = 64, MaxPaddingRatio = 1.25 });
        await using var unbatched = EngineHarness.Create();
        var calls = Enumerable.Range(0, 16).Select(i => Sentences[(i * 3) % Sentences.Length]).ToArray();

        var batched = await Task.WhenAll(calls.Select(s => Task.Run(() => engine.RecognizeAsync(ToneWords.Synthesize(s).Samples))));

        for (var i = 0; i < calls.Length; i++)
        {
            var alone = await unbatched.RecognizeAsync(ToneWords.Synthesize(calls[i]).Samples);
            Assert.Equal(ToneWords.Synthesize(calls[i]).ExpectedText, batched[i].Text);
            Assert.Equal(alone.Text, batched[i].Text);
        }

        Assert.Equal(16, engine.Batcher!.SegmentsRun);
        Assert.InRange(engine.Batcher.LargestBatch, 2, 4);
    }

    [Fact]
    public async Task An_int8_replica_gives_the_same_best_paths_in_length_buckets_as_alone()
    {
        await using var engine = EngineHarness.Create(Path.Combine(RepositoryPaths.Root, "models", "testing", "replicas", "sherpa-sensevoice-int8-2024-07-17"));
        var extractor = new SpeechFeatureExtractor(engine.Model);
        var inputs = Sentences.Select(s => extractor.Extract(ToneWords.Synthesize(s).Samples, 0, 14)).ToList();
        var acoustic = new AcousticModel(engine.Model);

        var bucketed = acoustic.RunBucketed(inputs, 8, 1.25, CancellationToken.None);

        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(acoustic.Run([inputs[i]], CancellationToken.None).Single().BestPath, bucketed[i].BestPath);
        }
    }
}
