using FunAsr.Learning.Data;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Training;

/// <summary>
/// What the learning layer knows of a person's work on a course, read from its own records rather than kept twice:
/// the share of the lecture played (its watch progress, merged playback ranges) and the best passed attempt at the quiz.
/// </summary>
public sealed class LearningEvidence(LearningDbContext learning)
{
    public sealed record Watching(double Share, DateTime? UpdatedAt);

    public sealed record QuizResult(bool Passed, double? Score, DateTime? At);

    /// <summary>
    /// The lecture's watched share, provided the person played some of it since <paramref name="since"/> (a retraining
    /// cycle's start): the learning layer keeps one merged progress per lecture, so a later cycle needs playback in
    /// that cycle, not a second full viewing.
    /// </summary>
    public async Task<Watching> WatchedAsync(string personId, string lectureId, DateTime since, CancellationToken cancellationToken)
    {
        var progress = await learning.WatchProgress.AsNoTracking().Where(p => p.UserId == personId && p.LectureId == lectureId)
            .Select(p => new { p.Progress, p.UpdatedAt }).FirstOrDefaultAsync(cancellationToken);
        return progress is null || progress.UpdatedAt < since ? new Watching(0, progress?.UpdatedAt) : new Watching(progress.Progress, progress.UpdatedAt);
    }

    /// <summary>The best passed attempt at the quiz since <paramref name="since"/>.</summary>
    public async Task<QuizResult> QuizAsync(string personId, Guid quizId, DateTime since, CancellationToken cancellationToken)
    {
        var best = await learning.Attempts.AsNoTracking()
            .Where(a => a.UserId == personId && a.QuizId == quizId && a.Passed && a.CompletedAt >= since)
            .OrderByDescending(a => a.Score).Select(a => new { a.Score, a.CompletedAt }).FirstOrDefaultAsync(cancellationToken);
        return best is null ? new QuizResult(false, null, null) : new QuizResult(true, best.Score, best.CompletedAt);
    }

    public Task<bool> QuizExistsAsync(Guid quizId, CancellationToken cancellationToken) =>
        learning.Quizzes.AsNoTracking().AnyAsync(q => q.Id == quizId, cancellationToken);
}
