using System.Net.Http.Json;
using System.Text;
using FunAsr.QaBot.Retrieval;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.QaBot.Evaluation;

/// <summary>The figures the issue's goals are stated in, for one evaluation set.</summary>
public sealed record QaScore(string Set, int Answerable, int TopCitation, int WithinTwoSeconds, int Unanswerable, int Declined)
{
    /// <summary>Per kind of question (where the set names kinds): questions, correct (top citation, or declined when unanswerable), within 2 s.</summary>
    public IReadOnlyDictionary<string, (int Questions, int Correct, int WithinTwoSeconds)> ByKind { get; init; } =
        new Dictionary<string, (int, int, int)>();

    public const double TopCitationGoal = 0.85;
    public const double WithinTwoSecondsGoal = 0.75;
    public const double DeclinedGoal = 0.75;

    public double TopCitationRate => (double)TopCitation / Math.Max(1, Answerable);
    public double WithinTwoSecondsRate => (double)WithinTwoSeconds / Math.Max(1, Answerable);
    public double DeclinedRate => (double)Declined / Math.Max(1, Unanswerable);

    public bool MeetsGoals => TopCitationRate >= TopCitationGoal && WithinTwoSecondsRate >= WithinTwoSecondsGoal && DeclinedRate >= DeclinedGoal;

    public override string ToString() =>
        $"{Set}: top-1 citation {TopCitation}/{Answerable} = {TopCitationRate:P1}; citation start within 2 s of the answering sentence " +
        $"{WithinTwoSeconds}/{Answerable} = {WithinTwoSecondsRate:P1}; unanswerable declined {Declined}/{Unanswerable} = {DeclinedRate:P1}" +
        (ByKind.Count == 0 ? "" : "; by kind: " + string.Join(", ", ByKind.OrderBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => $"{k.Key} {k.Value.Correct}/{k.Value.Questions} (within 2 s {k.Value.WithinTwoSeconds})")));
}

/// <summary>
/// Runs an evaluation set through the real service: the lectures are published on the <c>transcripts</c> stream as the ASR
/// service does, every question is asked through <c>POST /api/qa/ask</c> in the default extractive mode, and the top citation
/// is compared with the answering sentence.
/// </summary>
public static class QaEvaluation
{
    public const double StartTolerance = 2.0;

    public static async Task<(QaScore Score, string Details)> RunAsync(QaEvaluationSet set, IReadOnlyDictionary<string, string?>? settings = null)
    {
        await using var host = await EvaluationHost.StartAsync(set, settings);
        using var client = host.Factory.CreateClient();
        int answerable = 0, top = 0, within = 0, unanswerable = 0, declined = 0;
        var byKind = new Dictionary<string, (int Questions, int Correct, int WithinTwoSeconds)>(StringComparer.Ordinal);
        var details = new StringBuilder();
        foreach (var question in set.Questions)
        {
            using var response = await client.PostAsJsonAsync("/api/qa/ask", new { question = question.Question, language = question.Language });
            response.EnsureSuccessStatusCode();
            var result = (await response.Content.ReadFromJsonAsync<AskResult>())!;
            var cited = result.Citations.FirstOrDefault();
            if (!question.Answerable)
            {
                unanswerable++;
                declined += result.Found ? 0 : 1;
                Count(question.Kind, !result.Found, false);
                details.AppendLine($"{(result.Found ? "ANSWERED" : "declined")} {question.Kind} | {question.Question} → {result.Answer} confidence {result.Confidence}");
                continue;
            }
            answerable++;
            var (overlaps, near) = result.Found && cited is not null ? Judge(question, cited.LectureId, cited.Start, cited.End) : (false, false);
            top += overlaps ? 1 : 0;
            within += near ? 1 : 0;
            Count(question.Kind, overlaps, near);
            details.AppendLine($"{(overlaps ? "hit" : "MISS")} {(near ? "near" : "FAR")} {question.Kind} | {question.Question} → {result.Answer} " +
                $"[{cited?.LectureId} {cited?.Start}-{cited?.End} confidence {result.Confidence}; expected {question.LectureId} {question.Start}-{question.End}]");
        }
        return (new QaScore(set.Name, answerable, top, within, unanswerable, declined) { ByKind = byKind }, details.ToString());

        void Count(string? kind, bool correct, bool near)
        {
            if (kind is null)
            {
                return;
            }
            var (questions, right, close) = byKind.GetValueOrDefault(kind);
            byKind[kind] = (questions + 1, right + (correct ? 1 : 0), close + (near ? 1 : 0));
        }
    }

    /// <summary>
    /// Whether a citation of <paramref name="lectureId"/> from <paramref name="start"/> to <paramref name="end"/> overlaps the
    /// answering sentence (top-1) and starts within <see cref="StartTolerance"/> of it (where only the answering segment is
    /// known, starting at any sentence inside it plays the answer).
    /// </summary>
    public static (bool Overlaps, bool Near) Judge(EvaluationQuestion question, string lectureId, double start, double end)
    {
        if (!question.Answerable || lectureId != question.LectureId)
        {
            return (false, false);
        }
        var overlaps = Math.Min(end, question.End!.Value) - Math.Max(start, question.Start!.Value) > 0.1;
        var near = Math.Abs(start - question.Start.Value) <= StartTolerance
            || question.Segment && start >= question.Start.Value && start < question.End.Value;
        return (overlaps, near);
    }
}

/// <summary>An evaluation set's lectures published on the real <c>transcripts</c> stream of a real Redis and indexed by a QaBot host.</summary>
public sealed class EvaluationHost : IAsyncDisposable
{
    private readonly RedisServer _redis;

    private EvaluationHost(RedisServer redis, QaBotFactory factory)
    {
        _redis = redis;
        Factory = factory;
    }

    public QaBotFactory Factory { get; }

    public static async Task<EvaluationHost> StartAsync(QaEvaluationSet set, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var redis = await RedisServer.StartAsync();
        await using (var connection = await redis.ConnectAsync())
        {
            var db = connection.GetDatabase();
            foreach (var lecture in set.Lectures)
            {
                await db.StreamAddAsync("transcripts",
                [
                    new("lectureId", lecture["id"]!.GetValue<string>()),
                    new("title", lecture["title"]?.GetValue<string>() ?? ""),
                    new("language", lecture["language"]?.GetValue<string>() ?? "auto"),
                    new("payload", lecture.ToJsonString()),
                ]);
            }
        }
        var factory = new QaBotFactory(redis.ConnectionString, settings);
        factory.CreateClient().Dispose(); // starts the host
        var index = factory.Services.GetRequiredService<PassageIndex>();
        await QaBotFixtures.WaitUntilAsync(() => Task.FromResult(index.LectureHashes.Count == set.Lectures.Count), $"the {set.Name} lectures are indexed", TimeSpan.FromSeconds(60));
        return new EvaluationHost(redis, factory);
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
