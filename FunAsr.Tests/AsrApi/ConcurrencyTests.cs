using System.Net;
using System.Text.Json;
using FunAsr.AsrService.Inference;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FunAsr.Tests.AsrApi.AsrRequests;

namespace FunAsr.Tests.AsrApi;

public sealed class ConcurrencyTests
{
    private static readonly string[] Sentences =
    [
        "▁hello ▁world", "今天 天气 很好 。", "▁the ▁weather ▁is ▁nice", "我们 一起 学习", "▁你好 世界", "▁caf <0xC3> <0xA9> s", "▁to day", "▁nice ▁world",
    ];

    [Fact]
    public async Task Thirty_two_concurrent_requests_are_all_correct_and_share_inference_batches()
    {
        await using var host = new AsrServiceHost(new Dictionary<string, string?>
        {
            ["Asr:Batching:Enabled"] = "true",
            ["Asr:Batching:MaxBatchSize"] = "8",
            ["Asr:Batching:MaxWaitMs"] = "20",
        });
        var client = await host.StartAsync();
        var batcher = host.Services.GetRequiredService<DynamicBatcher>();
        var segmentsBefore = batcher.SegmentsRun;
        var batchesBefore = batcher.BatchesRun;

        var requests = Enumerable.Range(0, 32).Select(async i =>
        {
            var audio = ToneWords.Synthesize(Sentences[i % Sentences.Length]);
            var (status, body, _) = await PostAsync(client, "/api/asr/transcriptions", Form(audio.ToWav()));
            return (Expected: audio.ExpectedText, status, body);
        });
        var answers = await Task.WhenAll(requests);

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.OK, a.status);
            Assert.Equal(a.Expected, JsonDocument.Parse(a.body).RootElement.GetProperty("text").GetString());
        });
        Assert.True(batcher.LargestBatch > 1, "the batcher never put two segments in one inference run");
        Assert.True(batcher.BatchesRun - batchesBefore < batcher.SegmentsRun - segmentsBefore,
            $"{batcher.SegmentsRun - segmentsBefore} segments took {batcher.BatchesRun - batchesBefore} runs");
    }
}
