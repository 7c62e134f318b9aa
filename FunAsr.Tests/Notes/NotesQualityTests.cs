using Xunit.Abstractions;

namespace FunAsr.Tests.Notes;

/// <summary>
/// Notes quality against reference notes, on the TUNING lectures and the DEV lectures (where the extractor's filters and
/// thresholds were chosen) and on the HELD-OUT lectures written apart from the code (scored only; docs/qabot.md reports all
/// three). The goals: glossary precision of at least 80 %, no fragment and no person's or company's name among the
/// terms, chapter-boundary F1 of at least 0.6. The tuning and dev sets must reach them. The held-out set reaches them since
/// round 3, but round 3 read its errors (their kinds were fixed on new sentences), so it is no longer clean: its test prints
/// the goals beside the figures and guards the figures. Every set's test also guards the figures measured on it against
/// regressions.
/// </summary>
[Trait("Category", "Evaluation")]
public sealed class NotesQualityTests(ITestOutputHelper output)
{
    public const double MinPrecision = 0.80;
    public const double MinChapterF1 = 0.60;

    [Fact]
    public void Notes_on_the_tuning_lectures_reach_the_goals()
    {
        var total = Evaluate("tuning", NotesEvaluation.Tuning(), verbose: true);
        Assert.True(total.Precision >= MinPrecision, total.Line());
        Assert.True(total.ChapterF1 >= MinChapterF1, total.Line());
        // The figures measured on it (docs/qabot.md, rounds 2 and 3: precision 100 %, recall 81 %, definitions 100 %; F1 0.96
        // on the notes round alone, 0.92 once merged with the Q&A round's shared text analysis, not re-tuned).
        Assert.True(total.Precision >= 0.97 && total.Recall >= 0.79 && total.DefinitionAccuracy >= 0.98 && total.ChapterF1 >= 0.90, total.Line());
        Assert.True(total.Fragments == 0, "fragments among the terms: " + total.Fragments);
        Assert.True(total.Names == 0, "names among the terms: " + total.Names);
        Assert.True(total.KeyPointsLeaning == 0, "key points that lean on a sentence they do not bring: " + total.KeyPointsLeaning);
        Assert.True(total.DefinitionsLeaning == 0, "glossary definitions that open with a sentence leaning on one they do not show: " + total.DefinitionsLeaning);
    }

    [Fact]
    public void Notes_on_the_development_lectures_reach_the_goals()
    {
        var total = Evaluate("dev", NotesEvaluation.Dev(), verbose: true);
        Assert.True(total.Precision >= MinPrecision, total.Line());
        Assert.True(total.ChapterF1 >= MinChapterF1, total.Line());
        // The figures measured on it (docs/qabot.md, round 3: precision 96 %, recall 68 %, definitions 95 %, F1 0.65).
        Assert.True(total.Precision >= 0.94 && total.Recall >= 0.66 && total.DefinitionAccuracy >= 0.93 && total.ChapterF1 >= 0.63, total.Line());
        Assert.True(total.Fragments == 0, "fragments among the terms: " + total.Fragments);
        Assert.True(total.Names == 0, "names among the terms: " + total.Names);
        Assert.True(total.KeyPointsLeaning == 0, "key points that lean on a sentence they do not bring: " + total.KeyPointsLeaning);
        Assert.True(total.DefinitionsLeaning == 0, "glossary definitions that open with a sentence leaning on one they do not show: " + total.DefinitionsLeaning);
    }

    [Fact]
    public void Notes_on_the_held_out_lectures_report_the_goals_and_do_not_regress()
    {
        var total = Evaluate("held-out", NotesEvaluation.HeldOut(), verbose: Environment.GetEnvironmentVariable("NOTES_EVAL_VERBOSE") == "1");
        var goals = $"goals: precision >= {MinPrecision:P0} (met: {total.Precision >= MinPrecision}), chapter-boundary F1 >= {MinChapterF1:F1} (met: {total.ChapterF1 >= MinChapterF1}), no fragment (met: {total.Fragments == 0}), no name (met: {total.Names == 0})";
        output.WriteLine(goals);
        Console.WriteLine(total.Line());
        Console.WriteLine(goals);
        // The figures measured after round 3 (docs/qabot.md: precision 91 %, recall 65 %, definitions 97 %, F1 0.76, no
        // fragment; round 2 had 78 %, 63 %, 97 %, 0.76 and 3 fragments). Round 3 read this set's errors: not a clean figure.
        Assert.True(total.Precision >= 0.89 && total.Recall >= 0.63 && total.DefinitionAccuracy >= 0.95 && total.ChapterF1 >= 0.75, total.Line());
        Assert.True(total.Names == 0 && total.Fragments == 0 && total.KeyPointsLeaning == 0 && total.DefinitionsLeaning == 0, total.Line());
    }

    /// <summary>
    /// The clean measure of the goals: a set written after round 3 by an author who read neither the code nor the docs, and
    /// never read by anyone who tunes (only its totals are printed). It must meet the goals.
    /// </summary>
    [Fact]
    public void Notes_on_the_second_held_out_lectures_reach_the_goals()
    {
        var total = Evaluate("held-out 2", NotesEvaluation.HeldOut2(), verbose: false);
        Console.WriteLine(total.Line());
        Assert.True(total.Precision >= MinPrecision, total.Line());
        Assert.True(total.ChapterF1 >= MinChapterF1, total.Line());
        Assert.True(total.Fragments == 0, "fragments among the terms: " + total.Fragments);
        Assert.True(total.Names == 0, "names among the terms: " + total.Names);
        // Read once (the openings of the two key points that leaned, docs/qabot.md): a guard, not a clean figure.
        Assert.True(total.KeyPointsLeaning == 0, "key points that lean on a sentence they do not bring: " + total.KeyPointsLeaning);
        Assert.True(total.DefinitionsLeaning == 0, "glossary definitions that open with a sentence leaning on one they do not show: " + total.DefinitionsLeaning);
    }

    private NotesEvaluation.SetScore Evaluate(string name, IReadOnlyList<ReferencedLecture> set, bool verbose)
    {
        var builder = NotesEvaluation.Builder();
        var library = NotesEvaluation.Library().Concat(set.Select(s => s.Lecture)).ToList();
        var scores = new List<LectureScore>();
        foreach (var item in set)
        {
            var notes = builder.Build(item.Lecture, NotesEvaluation.Background(item.Lecture, library));
            var score = NotesEvaluation.Score(item, notes);
            scores.Add(score);
            if (verbose)
            {
                output.WriteLine(NotesEvaluation.Describe(score, notes));
            }
        }
        var total = NotesEvaluation.Total(name, scores);
        output.WriteLine(total.Line());
        return total;
    }
}
