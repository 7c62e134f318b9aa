using FunAsr.Tests.QaBot.Evaluation;
using Xunit.Abstractions;

namespace FunAsr.Tests.QaBot;

/// <summary>
/// The Q&amp;A bot in the default extractive mode on three sets (docs/qabot.md reports them side by side): the tuning set and
/// the development set, whose questions chose the word lists, weights and thresholds, and the held-out set written apart
/// from this code. The goals (<see cref="QaScore.TopCitationGoal"/> and the others) are printed beside the figures;
/// each set also guards the figures measured so far against regressions (floors just below the figures of the fitted answer
/// model, docs/qabot.md: it gives up some top-1 citations, on the tuning set and the held-out one, for declining far more of
/// the unanswerable questions). Per-question lines are printed for the tuning and development sets only.
/// </summary>
[Trait("Category", "Evaluation")]
public sealed class QaBotEvaluationTests(ITestOutputHelper output)
{
    private static readonly string Goals =
        $"goals: top-1 >= {QaScore.TopCitationGoal:P0}, within 2 s >= {QaScore.WithinTwoSecondsGoal:P0}, declined >= {QaScore.DeclinedGoal:P0}";

    [Fact]
    public async Task Tuning_set_reports_top_citation_answer_time_and_abstention_and_does_not_regress()
    {
        var score = await RunAsync(QaEvaluationSet.Tuning(), details: true);
        Assert.True(score.TopCitationRate >= 0.84 && score.WithinTwoSecondsRate >= 0.81 && score.DeclinedRate >= 0.69, score.ToString());
    }

    [Fact]
    public async Task Dev_set_reports_top_citation_answer_time_and_abstention_and_does_not_regress()
    {
        var score = await RunAsync(QaEvaluationSet.Dev(), details: true);
        Assert.True(score.TopCitationRate >= 0.50 && score.WithinTwoSecondsRate >= 0.46 && score.DeclinedRate >= 0.52, score.ToString());
    }

    [Fact]
    public async Task Heldout_set_reports_top_citation_answer_time_and_abstention_and_does_not_regress()
    {
        var score = await RunAsync(QaEvaluationSet.Heldout(), details: false);
        Assert.True(score.TopCitationRate >= 0.47 && score.WithinTwoSecondsRate >= 0.44 && score.DeclinedRate >= 0.66, score.ToString());
    }

    /// <summary>
    /// The clean measure on lectures nobody tuned on (written after the answer model was final; totals only), printed beside
    /// the goals it does not meet; the floors guard its first run (docs/qabot.md: 25/73, 24/73, 12/17).
    /// </summary>
    [Fact]
    public async Task Second_heldout_set_reports_top_citation_answer_time_and_abstention_and_does_not_regress()
    {
        var score = await RunAsync(QaEvaluationSet.Heldout2(), details: false);
        Assert.True(score.TopCitationRate >= 0.33 && score.WithinTwoSecondsRate >= 0.32 && score.DeclinedRate >= 0.70, score.ToString());
    }

    private async Task<QaScore> RunAsync(QaEvaluationSet set, bool details)
    {
        var (score, lines) = await QaEvaluation.RunAsync(set);
        if (details)
        {
            output.WriteLine(lines);
        }
        foreach (var line in new[] { score.ToString(), Goals })
        {
            output.WriteLine(line);
            Console.WriteLine(line);
        }
        return score;
    }
}
