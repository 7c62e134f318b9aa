using FunAsr.Tests.QaBot.Evaluation;
using Xunit.Abstractions;

namespace FunAsr.Tests.QaBot;

public sealed class QaBotEvaluationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Tuning_set_meets_the_goals()
    {
        var (score, details) = await QaEvaluation.RunAsync(QaEvaluationSet.Tuning(), TuningOverrides());
        output.WriteLine(details);
        output.WriteLine(score.ToString());
        Console.WriteLine(score);
        Assert.True(score.MeetsGoals, score.ToString());
    }

    /// <summary>QA_TUNING_SETTINGS="QaBot:Retrieval:Answer:LengthPenalty=0.1;…" tries other weights on the tuning set only.</summary>
    private static Dictionary<string, string?>? TuningOverrides() =>
        Environment.GetEnvironmentVariable("QA_TUNING_SETTINGS") is { Length: > 0 } overrides
            ? overrides.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1])
            : null;
}
