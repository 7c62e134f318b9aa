using System.Text.Json;
using FunAsr.Learning.Data;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Training;

/// <summary>
/// Whether a person passed an assigned quiz, read from the learning records (xAPI statements the quizzes write): a
/// <c>passed</c> statement for the quiz's activity id by the person, stored after the cycle began and not voided.
/// </summary>
public sealed class QuizEvidence(LearningDbContext learning)
{
    public const string PassedVerb = "http://adlnet.gov/expapi/verbs/passed";
    public const string VoidedVerb = "http://adlnet.gov/expapi/verbs/voided";

    public sealed record QuizResult(bool Passed, double? Score, DateTime? At);

    public async Task<QuizResult> BestAsync(string personId, string activityId, DateTime since, CancellationToken cancellationToken)
    {
        var passes = await learning.Statements.AsNoTracking()
            .Where(s => s.ActorKey == personId && s.VerbId == PassedVerb && s.ActivityId == activityId && s.Stored >= since)
            .OrderByDescending(s => s.Stored).Take(50).Select(s => new { s.Id, s.Stored, s.Json }).ToListAsync(cancellationToken);
        if (passes.Count == 0)
        {
            return new QuizResult(false, null, null);
        }
        var ids = passes.Select(p => p.Id).ToList();
        var voided = await learning.Statements.AsNoTracking()
            .Where(s => s.VerbId == VoidedVerb && s.VoidedStatementId != null && ids.Contains(s.VoidedStatementId.Value))
            .Select(s => s.VoidedStatementId!.Value).ToListAsync(cancellationToken);
        var valid = passes.Where(p => !voided.Contains(p.Id)).Select(p => (p.Stored, Score: ScaledScore(p.Json))).ToList();
        return valid.Count == 0
            ? new QuizResult(false, null, null)
            : new QuizResult(true, valid.Max(v => v.Score), valid.Max(v => v.Stored));
    }

    private static double? ScaledScore(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("result", out var result) && result.TryGetProperty("score", out var score)
                   && score.TryGetProperty("scaled", out var scaled) && scaled.TryGetDouble(out var value)
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
