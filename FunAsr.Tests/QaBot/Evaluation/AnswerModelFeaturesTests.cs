using System.Globalization;
using System.Text;
using FunAsr.QaBot.Answering;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunAsr.Tests.QaBot.Evaluation;

/// <summary>
/// The answer model (FunAsr.QaBot/Answering/answer-model.json) is fitted by Model/fit_answer_model.py on the features of every
/// window the extractive answerer scores for the tuning and development questions (never the held-out ones), kept in
/// Model/answer-features.tsv. This test computes those features again with the code as it is: if they differ, the model was
/// fitted on features the code no longer makes, and must be refitted (set QA_WRITE_FEATURES=1 to rewrite the file, then run
/// the script).
/// </summary>
[Trait("Category", "Evaluation")]
public sealed class AnswerModelFeaturesTests
{
    public static string FeaturesFile => Path.Combine(RepositoryRoot(), "FunAsr.QaBot", "Answering", "Model", "answer-features.tsv");

    [Fact]
    public async Task The_answer_model_was_fitted_on_the_features_the_code_computes_now()
    {
        var table = new StringBuilder();
        table.AppendLine(string.Join('\t', new[] { "set", "question", "kind", "answerable", "lecture", "first", "last", "start", "end", "overlaps", "near", "known_share", "unknown" }
            .Concat(WindowFeatures.Window)));
        foreach (var set in new[] { QaEvaluationSet.Tuning(), QaEvaluationSet.Dev(), QaEvaluationSet.Dev2(), QaEvaluationSet.Dev3() })
        {
            await AppendAsync(set, table);
        }
        var computed = table.ToString();
        if (Environment.GetEnvironmentVariable("QA_WRITE_FEATURES") == "1")
        {
            File.WriteAllText(FeaturesFile, computed);
        }
        var committed = File.Exists(FeaturesFile) ? File.ReadAllText(FeaturesFile) : "";
        var (left, right) = (committed.Split('\n'), computed.Split('\n'));
        var firstDifference = Enumerable.Range(0, Math.Min(left.Length, right.Length)).FirstOrDefault(i => left[i] != right[i], -1);
        Assert.True(committed == computed,
            $"The features differ from {FeaturesFile} ({left.Length} committed lines, {right.Length} computed; first difference at line {firstDifference + 1}: " +
            $"'{(firstDifference >= 0 ? left[firstDifference] : "")}' vs '{(firstDifference >= 0 ? right[firstDifference] : "")}'). Refit the answer model.");
    }

    private static async Task AppendAsync(QaEvaluationSet set, StringBuilder table)
    {
        await using var host = await EvaluationHost.StartAsync(set);
        var retriever = host.Factory.Services.GetRequiredService<PassageRetriever>();
        var scorer = host.Factory.Services.GetRequiredService<AnswerWindowScorer>();
        var top = host.Factory.Services.GetRequiredService<IOptions<QaBotOptions>>().Value.Retrieval.TopPassages;
        for (var q = 0; q < set.Questions.Count; q++)
        {
            var question = set.Questions[q];
            var query = QuestionQuery.Parse(question.Question);
            var retrieval = await retriever.RetrieveAsync(query, null, top, CancellationToken.None);
            // In position order, so the file does not change with the model that ranks them.
            var windows = scorer.Rank(query, retrieval).OrderBy(w => w.LectureId, StringComparer.Ordinal).ThenBy(w => w.First).ThenBy(w => w.Last).ToList();
            if (windows.Count == 0)
            {
                // The question still counts (declined): a row with no window.
                table.AppendLine(string.Join('\t', new object[] { set.Name, q, question.Kind ?? "", question.Answerable ? 1 : 0, "", -1, -1, 0, 0, 0, 0, 0, 0 }
                    .Concat(WindowFeatures.Window.Select(_ => (object)0)).Select(Format)));
            }
            foreach (var window in windows)
            {
                var (overlaps, near) = QaEvaluation.Judge(question, window.LectureId, window.Start, window.End);
                var row = new object[]
                {
                    set.Name, q, question.Kind ?? "", question.Answerable ? 1 : 0, window.LectureId, window.First, window.Last,
                    window.Start, window.End, overlaps ? 1 : 0, near ? 1 : 0, window.Ideas.KnownShare, window.Ideas.Unknown,
                }.Concat(window.Features.Cast<object>());
                table.AppendLine(string.Join('\t', row.Select(Format)));
            }
        }
    }

    private static string Format(object value) => value switch
    {
        double d => Math.Round(d, 4).ToString("0.####", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FunAsr.Aspire.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (FunAsr.Aspire.sln) is not above the test output.");
    }
}
