using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Recognition;
using FunAsr.Tests.Infrastructure;

namespace FunAsr.Tests.Engine;

public sealed class DynamicBatcherTests
{
    private static readonly string[] Sentences =
    [
        "今天 天气 很好 。", "▁hello ▁world", "我们 一起 学习", "▁the ▁weather ▁is ▁nice", "▁caf <0xC3> <0xA9>", "▁你好 世界",
        "▁to day", "很好 。",
    ];

    [Fact]
    public async Task Concurrent_calls_share_batches_and_each_gets_its_own_text()
    {
        await using var engine = EngineHarness.Create(batching: new BatchingOptions { MaxBatchSize = 8, MaxWaitMs = 200, QueueCapacity = 64 });
        var calls = Enumerable.Range(0, 16).Select(i => Sentences[i % Sentences.Length]).ToArray();

        var results = await Task.WhenAll(calls.Select(s => Task.Run(() => engine.RecognizeAsync(ToneWords.Synthesize(s).Samples))));

        for (var i = 0; i < calls.Length; i++)
        {
            Assert.Equal(ToneWords.Synthesize(calls[i]).ExpectedText, results[i].Text);
        }

        var batcher = engine.Batcher!;
        Assert.Equal(16, batcher.SegmentsRun);
        Assert.True(batcher.LargestBatch > 1, $"largest batch {batcher.LargestBatch}");
        Assert.True(batcher.BatchesRun < 16, $"{batcher.BatchesRun} runs for 16 segments");
        Assert.Equal(0, batcher.QueueDepth);
    }

    [Fact]
    public async Task Batched_logits_equal_the_logits_of_single_runs()
    {
        await using var engine = EngineHarness.Create();
        var extractor = new SpeechFeatureExtractor(engine.Model);
        var inputs = Sentences.Take(4).Select(s => extractor.Extract(ToneWords.Synthesize(s).Samples, 0, 14)).ToList();
        var acoustic = new AcousticModel(engine.Model);

        var batched = acoustic.Run(inputs, CancellationToken.None);

        for (var i = 0; i < inputs.Count; i++)
        {
            var single = acoustic.Run([inputs[i]], CancellationToken.None).Single();
            Assert.Equal(single.Frames, batched[i].Frames);
            Assert.Equal(inputs[i].Frames + 4, batched[i].Frames);
            Assert.Equal(single.Logits, batched[i].Logits);
        }
    }

    [Fact]
    public async Task A_full_queue_refuses_with_a_typed_error()
    {
        await using var engine = EngineHarness.Create(batching: new BatchingOptions { MaxBatchSize = 1, MaxWaitMs = 0, QueueCapacity = 2 });
        var extractor = new SpeechFeatureExtractor(engine.Model);
        var input = extractor.Extract(ToneWords.Synthesize("今天").Samples, 0, 14);

        var error = await Assert.ThrowsAsync<InferenceQueueFullException>(() => engine.Runner.RunAsync([input, input, input], CancellationToken.None));
        var accepted = await engine.Runner.RunAsync([input, input], CancellationToken.None);

        Assert.Equal(2, error.Capacity);
        Assert.Equal(2, accepted.Count);
    }

    [Fact]
    public async Task A_cancelled_waiting_segment_is_dropped_and_the_batcher_keeps_serving()
    {
        await using var engine = EngineHarness.Create(batching: new BatchingOptions { MaxBatchSize = 4, MaxWaitMs = 50, QueueCapacity = 16 });
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            engine.RecognizeAsync(ToneWords.Synthesize("今天").Samples, cancellationToken: cancelled.Token));
        var result = await engine.RecognizeAsync(ToneWords.Synthesize("天气").Samples);

        Assert.Equal("天气", result.Text);
        Assert.Equal(0, engine.Batcher!.QueueDepth);
    }
}
