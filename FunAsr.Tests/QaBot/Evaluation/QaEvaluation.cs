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
        await using var redis = await RedisServer.StartAsync();
        await using var connection = await redis.ConnectAsync();
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
        await using var factory = new QaBotFactory(redis.ConnectionString, settings);
        using var client = factory.CreateClient();
        var index = factory.Services.GetRequiredService<PassageIndex>();
        await QaBotFixtures.WaitUntilAsync(() => Task.FromResult(index.LectureHashes.Count == set.Lectures.Count), $"the {set.Name} lectures are indexed", TimeSpan.FromSeconds(60));

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
            var sameLecture = result.Found && cited is not null && cited.LectureId == question.LectureId;
            var overlaps = sameLecture && Math.Min(cited!.End, question.End!.Value) - Math.Max(cited.Start, question.Start!.Value) > 0.1;
            // Where only the answering segment is known, starting at any sentence inside it plays the answer.
            var near = sameLecture && (Math.Abs(cited!.Start - question.Start!.Value) <= StartTolerance
                || question.Segment && cited.Start >= question.Start.Value && cited.Start < question.End!.Value);
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
}
