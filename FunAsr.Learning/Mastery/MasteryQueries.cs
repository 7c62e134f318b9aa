using FunAsr.Learning.Configuration;
using FunAsr.Learning.Data;
using FunAsr.Learning.Progress;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Mastery;

public sealed record PointMastery(int Id, string Label, string Language, double Known, bool Mastered, int Answers, int Correct, DateTime? Due, double? Recall, IReadOnlyList<string> Lectures);

public sealed record MasteryPoint(DateTime At, double Average, int Mastered);

public sealed record MasteryReport(int Points, int Mastered, double Average, IReadOnlyList<PointMastery> Items, IReadOnlyList<MasteryPoint> History, IReadOnlyList<ProgressView> Lectures);

/// <summary><c>GET /api/learning/me/mastery</c>: each point the learner has practised, their average over time, and their lectures.</summary>
public sealed class MasteryQueries(LearningDbContext db, ProgressService progress, IOptions<LearningOptions> options, TimeProvider time)
{
    public async Task<MasteryReport> MineAsync(Caller caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var fsrs = new Fsrs(options.Value.Mastery.Fsrs());
        var states = await db.MasteryStates.Where(m => m.UserId == caller.Subject).AsNoTracking().ToListAsync(cancellationToken);
        var ids = states.Select(s => s.KnowledgePointId).ToList();
        var points = await db.KnowledgePoints.Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Label, p.Language, Lectures = p.Sources.Select(s => s.LectureId).ToList() })
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var items = states.Where(s => points.ContainsKey(s.KnowledgePointId)).Select(s =>
        {
            var p = points[s.KnowledgePointId];
            double? recall = s.Stability > 0 ? Math.Round(fsrs.Retrievability(new MemoryState(s.Stability, s.ReviewDifficulty, s.LastReview), now), 4) : null;
            return new PointMastery(p.Id, p.Label, p.Language, Math.Round(s.Known, 4), s.Mastered, s.Answers, s.Correct, s.Stability > 0 ? s.Due : null, recall, p.Lectures);
        }).OrderByDescending(p => p.Known).ToList();

        var samples = await db.MasterySamples.Where(m => m.UserId == caller.Subject).OrderBy(m => m.At).ThenBy(m => m.Id)
            .Select(m => new { m.At, m.KnowledgePointId, m.Known }).ToListAsync(cancellationToken);
        var latest = new Dictionary<int, double>();
        var history = new List<MasteryPoint>();
        var threshold = options.Value.Mastery.MasteredAt;
        foreach (var group in samples.GroupBy(s => s.At))
        {
            foreach (var sample in group)
            {
                latest[sample.KnowledgePointId] = sample.Known;
            }
            history.Add(new MasteryPoint(group.Key, Math.Round(latest.Values.Average(), 4), latest.Values.Count(k => k >= threshold)));
        }
        return new MasteryReport(items.Count, items.Count(i => i.Mastered), items.Count == 0 ? 0 : Math.Round(items.Average(i => i.Known), 4),
            items, history, await progress.MineAsync(caller, cancellationToken));
    }
}
