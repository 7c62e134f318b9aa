using System.Text.Json.Nodes;
using FunAsr.QaBot.Retrieval;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.QaBot.Evaluation;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace FunAsr.Tests.QaBot;

/// <summary>Hybrid retrieval measured, not just wired: on paraphrase questions fusion must beat BM25 alone, and embeddings survive restarts.</summary>
public sealed class QaBotHybridTests(ITestOutputHelper output)
{
    private static readonly string[] LectureIds = ["lab-safety-en", "returns-zh"];

    /// <summary>Questions that share (almost) no words with the sentence that answers them, and words of that sentence.</summary>
    private static readonly (string Question, string LectureId, string Answer)[] Paraphrases =
    [
        ("When do the barrels of solvent waste get picked up?", "lab-safety-en", "The drums are collected on the first Monday"),
        ("Where should shattered glassware be thrown away?", "lab-safety-en", "Sharps, including broken glass"),
        ("What footwear is required?", "lab-safety-en", "Closed shoes are mandatory"),
        ("Am I punished if I report an accident?", "lab-safety-en", "nobody is disciplined for reporting honestly"),
        ("For how long do I flush my eyes?", "lab-safety-en", "rinse for at least fifteen minutes"),
        ("退钱一般几天能到？", "returns-zh", "退款会在三到五个工作日内原路退回"),
        ("顾客抱怨以后最晚什么时候答复？", "returns-zh", "客户投诉必须在二十四小时之内首次回复"),
        ("电话录下来的内容留存多长时间？", "returns-zh", "录音保存六个月"),
    ];

    [Fact]
    public async Task Fusion_with_embeddings_beats_bm25_alone_on_paraphrase_questions_and_embeddings_survive_a_restart()
    {
        await using var embeddings = await FakeOpenAiServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        var hybrid = new Dictionary<string, string?>
        {
            ["QaBot:Embeddings:Endpoint"] = embeddings.BaseUrl + "/v1",
            ["QaBot:Embeddings:Model"] = FakeOpenAiServer.ConceptModel,
            // The stand-in's similarities run lower than a real model's: its threshold is set for it, as a deployment sets its own.
            ["QaBot:Retrieval:Answer:MinSimilarity"] = "0.5",
        };
        var lectures = QaEvaluationSet.LectureFiles(Path.Combine(QaEvaluationSet.FixturesFolder, "QaBot", "tuning"))
            .Where(l => LectureIds.Contains(l["id"]!.GetValue<string>())).ToList();

        int bm25;
        await using (var alone = await RedisServer.StartAsync())
        await using (var factory = new QaBotFactory(alone.ConnectionString))
        {
            bm25 = await CorrectAsync(factory, lectures);
        }
        int fused;
        await using (var first = new QaBotFactory(redis.ConnectionString, hybrid))
        {
            fused = await CorrectAsync(first, lectures);
        }
        var sentencesEmbedded = EmbeddedInputs(embeddings);
        Assert.True(sentencesEmbedded > 50, $"{sentencesEmbedded} sentences embedded");

        // A new host on the same Redis reuses every stored sentence vector: only the questions go to the model.
        embeddings.EmbeddingRequests.Clear();
        await using (var second = new QaBotFactory(redis.ConnectionString, hybrid))
        {
            var index = second.Services.GetRequiredService<PassageIndex>();
            await QaBotFixtures.WaitUntilAsync(() => Task.FromResult(index.LectureHashes.Count == lectures.Count), "the lectures are indexed again");
            var again = await CorrectAsync(second, []);
            Assert.Equal(fused, again);
        }
        Assert.Equal(Paraphrases.Length, EmbeddedInputs(embeddings));

        var message = $"Paraphrase questions, top-1 citation: BM25 alone {bm25}/{Paraphrases.Length}, BM25 + embeddings (RRF) {fused}/{Paraphrases.Length}; " +
            $"{sentencesEmbedded} sentence vectors computed once and reused after a restart";
        output.WriteLine(message);
        Console.WriteLine(message);
        Assert.True(fused > bm25, message);
        Assert.True(fused > Paraphrases.Length / 2, message);
    }

    private static int EmbeddedInputs(FakeOpenAiServer embeddings) =>
        embeddings.EmbeddingRequests.Sum(r => r["input"] is JsonArray array ? array.Count : 1);

    private async Task<int> CorrectAsync(QaBotFactory factory, IReadOnlyList<JsonObject> lectures)
    {
        using var client = factory.CreateClient();
        foreach (var lecture in lectures)
        {
            using var created = await QaBotFixtures.PostTranscriptAsync(client, lecture);
            created.EnsureSuccessStatusCode();
        }
        var correct = 0;
        foreach (var (question, lectureId, answer) in Paraphrases)
        {
            var result = await QaBotIngestTests.AskAsync(client, question);
            var top = result.Citations.FirstOrDefault();
            var hit = result.Found && top is not null && top.LectureId == lectureId && top.Text.Contains(answer, StringComparison.Ordinal)
                && top.Text.Length < 3 * answer.Length + 60;
            correct += hit ? 1 : 0;
            output.WriteLine($"{(hit ? "hit " : "MISS")} {question} → {result.Answer} (top citation: {top?.Text})");
        }
        return correct;
    }
}
