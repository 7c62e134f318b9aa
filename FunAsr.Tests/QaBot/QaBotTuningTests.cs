using FunAsr.Tests.QaBot.Evaluation;
using Xunit.Abstractions;

namespace FunAsr.Tests.QaBot;

/// <summary>The tuning set alone, with its per-question lines: where weights are tried (QA_TUNING_SETTINGS="key=value;…").</summary>
public sealed class QaBotTuningTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Tuning_set_meets_the_goals()
    {
        var overrides = Environment.GetEnvironmentVariable("QA_TUNING_SETTINGS") is { Length: > 0 } text
            ? text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => (string?)p[1])
            : null;
        var (score, details) = await QaEvaluation.RunAsync(QaEvaluationSet.Tuning(), overrides);
        output.WriteLine(details);
        output.WriteLine(score.ToString());
        Assert.True(score.MeetsGoals, score.ToString());
    }
}
