using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunAsr.Tests.QaBot.Evaluation;

/// <summary>
/// A question with the place that answers it (null lecture: the material does not answer it). <see cref="Segment"/>: the
/// place is a whole transcript segment (the onboarding fixtures) rather than the answering sentence itself.
/// </summary>
public sealed record EvaluationQuestion(string Question, string? LectureId, double? Start, double? End, bool Segment = false)
{
    public bool Answerable => LectureId is not null;

    /// <summary>The asker's language, sent with the question as the page does (null: the service reads it off the question).</summary>
    public string? Language { get; init; }

    /// <summary>What the question tests (paraphrase, number, homophone, cross-language…), where the set says.</summary>
    public string? Kind { get; init; }
}

/// <summary>Lectures in the ASR transcript JSON shape (segments, optionally word times) and questions about them.</summary>
public sealed record QaEvaluationSet(string Name, IReadOnlyList<JsonObject> Lectures, IReadOnlyList<EvaluationQuestion> Questions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string FixturesFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    /// <summary>
    /// The tuning set: the onboarding lectures (answer = the segment that says it) and the extra tuning lectures with word times
    /// (answer = the sentence that says it). Stop words, weights and thresholds are chosen on these only.
    /// </summary>
    public static QaEvaluationSet Tuning()
    {
        var lectures = QaBotFixtures.LectureIds.Select(QaBotFixtures.Transcript).ToList();
        var questions = QaBotFixtures.Questions().Select(q => new EvaluationQuestion(q.Question, q.LectureId, q.Start, q.End, Segment: true)).ToList();
        var extra = Path.Combine(FixturesFolder, "QaBot", "tuning");
        lectures.AddRange(LectureFiles(extra));
        questions.AddRange(Load(Path.Combine(extra, "questions.json")));
        return new QaEvaluationSet("tuning", lectures, questions);
    }

    /// <summary>
    /// The development set, written by a third author for tuning (Fixtures/Dev/qa, see its README): its questions may be read
    /// and chosen on like the tuning set's, so its figures are development figures, never unseen-data results.
    /// </summary>
    public static QaEvaluationSet Dev() => Independent("dev", Path.Combine(FixturesFolder, "Dev", "qa"));

    /// <summary>
    /// Two more development sets (Fixtures/Dev2/qa, Fixtures/Dev3/qa), each written by an author who read neither the code nor
    /// the other sets' lectures, so the answer model is fitted on lectures like the ones it meets: for tuning, like <see cref="Dev"/>.
    /// </summary>
    public static QaEvaluationSet Dev2() => Independent("dev 2", Path.Combine(FixturesFolder, "Dev2", "qa"));

    /// <inheritdoc cref="Dev2"/>
    public static QaEvaluationSet Dev3() => Independent("dev 3", Path.Combine(FixturesFolder, "Dev3", "qa"));

    /// <summary>
    /// The held-out set, written by another author apart from this code (Fixtures/Heldout/qa, see its README): never used to
    /// choose stop words, weights or thresholds; only its totals are reported.
    /// </summary>
    public static QaEvaluationSet Heldout() => Independent("held-out", Path.Combine(FixturesFolder, "Heldout", "qa"));

    /// <summary>
    /// The second held-out set (Fixtures/Heldout2/qa), written after the answer model was final by an author who read neither
    /// the code nor the docs: only its totals are reported.
    /// </summary>
    public static QaEvaluationSet Heldout2() => Independent("held-out 2", Path.Combine(FixturesFolder, "Heldout2", "qa"));

    // The independent sets share one format: lecture JSON files and questions.json with answer times and kinds.
    private static QaEvaluationSet Independent(string name, string folder)
    {
        var questions = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "questions.json")))!.AsArray()
            .Select(q => new EvaluationQuestion(
                q!["question"]!.GetValue<string>(),
                q["lectureId"]?.GetValue<string>(),
                q["answerStart"]?.GetValue<double>(),
                q["answerEnd"]?.GetValue<double>())
            {
                Language = q["language"]?.GetValue<string>(),
                Kind = q["kind"]?.GetValue<string>(),
            })
            .ToList();
        return new QaEvaluationSet(name, LectureFiles(folder).ToList(), questions);
    }

    public static IEnumerable<JsonObject> LectureFiles(string folder) =>
        Directory.GetFiles(folder, "*.json")
            .Where(f => !Path.GetFileName(f).StartsWith("questions", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!.AsObject());

    public static List<EvaluationQuestion> Load(string path) =>
        JsonSerializer.Deserialize<List<EvaluationQuestion>>(File.ReadAllText(path), Json)!;
}
