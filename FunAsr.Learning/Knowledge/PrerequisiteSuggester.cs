using FunAsr.Learning.Data;
using FunAsr.Learning.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Knowledge;

/// <summary>Thresholds of prerequisite suggestions.</summary>
public sealed record PrerequisiteOptions
{
    /// <summary>RefD at or above which a suggestion is made: B's passages cite A this much more (as a share) than A's cite B.</summary>
    public double MinReferenceDistance { get; init; } = 0.2;

    /// <summary>At least this many of B's passage sentences mention A.</summary>
    public int MinCitations { get; init; } = 2;
}

/// <summary>
/// Suggests "A before B" where A is taught earlier (an earlier lecture of the library, or earlier in the same lecture) and
/// B's passages refer to A more than A's refer to B (the reference distance of Liang et al. 2015, RefD, over sentences).
/// A suggestion waits for a content user; a rejected or already decided pair is never suggested again, nor the reverse
/// of a standing edge.
/// </summary>
public sealed class PrerequisiteSuggester(LearningDbContext db, TimeProvider time, LearningTelemetry telemetry, PrerequisiteOptions? options = null)
{
    private readonly PrerequisiteOptions _options = options ?? new PrerequisiteOptions();

    public async Task<int> RefreshAsync(string language, CancellationToken cancellationToken)
    {
        using var span = LearningTelemetry.Source.StartActivity("learning.knowledge.prerequisites");
        var points = await db.KnowledgePoints.Include(p => p.Sources).Where(p => p.Language == language && p.Sources.Count > 0)
            .AsNoTracking().ToListAsync(cancellationToken);
        var lectureIds = points.SelectMany(p => p.Sources.Select(s => s.LectureId)).Distinct().ToList();
        var order = await db.Lectures.Where(l => lectureIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Order, cancellationToken);
        var sentences = await db.LectureSentences.Where(s => lectureIds.Contains(s.LectureId)).AsNoTracking().ToListAsync(cancellationToken);
        var index = new MentionIndex(points, sentences);
        var existing = (await db.PrerequisiteEdges.Select(e => new { e.PrerequisiteId, e.PointId }).ToListAsync(cancellationToken))
            .SelectMany(e => new[] { (e.PrerequisiteId, e.PointId), (e.PointId, e.PrerequisiteId) })
            .ToHashSet();
        var firstTaught = points.ToDictionary(p => p.Id, p => p.Sources.Select(s => (order.GetValueOrDefault(s.LectureId), s.FirstSentence)).Min());
        var now = time.GetUtcNow().UtcDateTime;
        var added = 0;
        foreach (var a in points)
        {
            foreach (var b in points)
            {
                if (a.Id == b.Id || existing.Contains((a.Id, b.Id)) || firstTaught[a.Id].CompareTo(firstTaught[b.Id]) >= 0)
                {
                    continue;
                }
                var citesA = index.Cites(b.Id, a.Id);
                if (citesA < _options.MinCitations)
                {
                    continue;
                }
                var passagesB = Math.Max(1, index.PassagesOf(b.Id).Count);
                var passagesA = Math.Max(1, index.PassagesOf(a.Id).Count);
                var refd = (double)citesA / passagesB - (double)index.Cites(a.Id, b.Id) / passagesA;
                if (refd < _options.MinReferenceDistance)
                {
                    continue;
                }
                db.PrerequisiteEdges.Add(new PrerequisiteEdge
                {
                    PrerequisiteId = a.Id, PointId = b.Id, Status = EdgeStatus.Suggested, Evidence = Math.Round(refd, 3), SuggestedAt = now,
                });
                existing.Add((a.Id, b.Id));
                existing.Add((b.Id, a.Id));
                added++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        span?.SetTag("learning.points", points.Count);
        span?.SetTag("learning.suggestions", added);
        telemetry.PrerequisitesSuggested.Add(added);
        return added;
    }
}
