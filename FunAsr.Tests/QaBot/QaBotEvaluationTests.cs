using FunAsr.Tests.QaBot.Evaluation;
using Xunit.Abstractions;

namespace FunAsr.Tests.QaBot;

/// <summary>
/// The Q&amp;A bot in the default extractive mode on six sets (docs/qabot.md reports them side by side): the tuning set and
/// the three development sets, whose questions chose the word lists and on which the answer model is fitted, and the two
/// held-out sets written apart from this code. The goals (<see cref="QaScore.TopCitationGoal"/> and the others) are
/// printed beside the figures; each set also guards the figures measured last against regressions (floors just below them,
/// not the goals, which are not met). Per-question lines are printed for the tuning and development sets only.
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
        Assert.True(score.TopCitationRate >= 0.83 && score.WithinTwoSecondsRate >= 0.81 && score.DeclinedRate >= 0.65, score.ToString());
    }

    [Fact]
    public async Task Dev_set_reports_top_citation_answer_time_and_abstention_and_does_not_regress()
    {
        var score = await RunAsync(QaEvaluationSet.Dev(), details: true);
        Assert.True(score.TopCitationRate >= 0.53 && score.WithinTwoSecondsRate >= 0.49 && score.DeclinedRate >= 0.42, score.ToString());
    }

    [Fact]
    public async Task Dev2_set_reports_top_citation_answer_time_and_abstention_and_does_not_regress()
    {
        var score = await RunAsync(QaEvaluationSet.Dev2(), details: true);
        Assert.True(score.TopCitationRate >= 0.51 && score.WithinTwoSecondsRate >= 0.50 && score.DeclinedRate >= 0.60, score.ToString());
    }

    [Fact]
    public async Task Dev3_set_reports_top_citation_answer_time_and_abstention_and_does_not_regress()
    {
        var score = await RunAsync(QaEvaluationSet.Dev3(), details: true);
        Assert.True(score.TopCitationRate >= 0.43 && score.WithinTwoSecondsRate >= 0.43 && score.DeclinedRate >= 0.65, score.ToString());
    }

    [Fact]
    public async Task Heldout_set_reports_top_citation_answer_time_and_abstention_and_does_not_regress()
    {
        var score = await RunAsync(QaEvaluationSet.Heldout(), details: false);
        Assert.True(score.TopCitationRate >= 0.50 && score.WithinTwoSecondsRate >= 0.49 && score.DeclinedRate >= 0.73, score.ToString());
    }

    /// <summary>
    /// Lectures nobody tuned on (written after the round-2 answer model was final; totals only), printed beside the goals it
    /// does not meet; the floors guard its run with the round-4 model (docs/qabot.md: 29/73, 28/73, 11/17; the first run, with
    /// the round-2 model, was 25/73, 24/73, 12/17).
    /// </summary>
    [Fact]
    public async Task Second_heldout_set_reports_top_citation_answer_time_and_abstention_and_does_not_regress()
    {
        var score = await RunAsync(QaEvaluationSet.Heldout2(), details: false);
        Assert.True(score.TopCitationRate >= 0.39 && score.WithinTwoSecondsRate >= 0.38 && score.DeclinedRate >= 0.64, score.ToString());
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
