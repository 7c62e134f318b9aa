using FunAsr.Learning.Configuration;
using FunAsr.Learning.Data;
using FunAsr.Learning.Knowledge;
using FunAsr.Learning.Mastery;
using FunAsr.Learning.Quizzes;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Plans;

public sealed record PlanMoment(string LectureId, string Title, string Text, double Start, double End);

public sealed record PlanReview(int PointId, string Label, DateTime Due, double Recall, PlanMoment? Moment, Guid? QuizId);

public sealed record PlanPoint(int Id, string Label, double Known);

public sealed record PlanLecture(string LectureId, string Title, IReadOnlyList<PlanPoint> Points, double Progress, Guid? QuizId);

public sealed record LearningPlan(IReadOnlyList<PlanReview> Reviews, IReadOnlyList<PlanLecture> Next, IReadOnlyList<PlanPoint> Ready, int Blocked, int Mastered, int Total);

/// <summary>
/// <c>GET /api/learning/me/plan</c>: what to do next. Reviews first (points whose FSRS review is due, soonest first), then
/// the lectures that teach the learner's outer fringe (ALEKS's "ready to learn": points not mastered whose confirmed
/// prerequisites all are), lowest mastery first. Points still waiting on a prerequisite are counted as blocked.
/// </summary>
public sealed class PlanBuilder(LearningDbContext db, IOptions<LearningOptions> options, TimeProvider time)
{
    public async Task<LearningPlan> BuildAsync(Caller caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var prior = options.Value.Mastery.PriorKnown;
        var fsrs = new Fsrs(options.Value.Mastery.Fsrs());
        var points = await db.KnowledgePoints.Where(p => p.Sources.Count > 0).Include(p => p.Sources).AsNoTracking().ToListAsync(cancellationToken);
        var states = await db.MasteryStates.Where(m => m.UserId == caller.Subject).AsNoTracking().ToDictionaryAsync(m => m.KnowledgePointId, cancellationToken);
        var edges = await db.PrerequisiteEdges.Where(e => e.Status == EdgeStatus.Confirmed).AsNoTracking().ToListAsync(cancellationToken);
        var lectures = await db.Lectures.AsNoTracking().ToDictionaryAsync(l => l.Id, cancellationToken);
        var progress = await db.WatchProgress.Where(p => p.UserId == caller.Subject).AsNoTracking().ToDictionaryAsync(p => p.LectureId, p => p.Progress, cancellationToken);
        var quizzes = (await db.Quizzes.Where(q => q.Status == QuizStatus.Published).OrderByDescending(q => q.PublishedAt)
                .Select(q => new { q.LectureId, q.Id }).ToListAsync(cancellationToken))
            .GroupBy(q => q.LectureId).ToDictionary(g => g.Key, g => g.First().Id);
        var sentences = new Dictionary<(string, int), (string Text, double Start, double End)>();

        bool Mastered(int id) => states.TryGetValue(id, out var s) && s.Mastered;
        double Known(int id) => states.TryGetValue(id, out var s) ? s.Known : prior;

        var reviews = new List<PlanReview>();
        foreach (var state in states.Values.Where(s => s.Stability > 0 && s.Due <= now).OrderBy(s => s.Due))
        {
            var point = points.FirstOrDefault(p => p.Id == state.KnowledgePointId);
            if (point is null)
            {
                continue;
            }
            var source = point.Sources.OrderByDescending(s => s.DefinitionSentence is not null).ThenByDescending(s => s.Score).First();
            var index = source.DefinitionSentence ?? source.FirstSentence;
            var moment = await MomentAsync(source.LectureId, index, lectures, sentences, cancellationToken);
            var recall = fsrs.Retrievability(new MemoryState(state.Stability, state.ReviewDifficulty, state.LastReview), now);
            reviews.Add(new PlanReview(point.Id, point.Label, state.Due, Math.Round(recall, 4), moment, quizzes.TryGetValue(source.LectureId, out var q) ? q : null));
        }

        var prerequisites = edges.GroupBy(e => e.PointId).ToDictionary(g => g.Key, g => g.Select(e => e.PrerequisiteId).ToList());
        var unmastered = points.Where(p => !Mastered(p.Id)).ToList();
        var ready = unmastered.Where(p => !prerequisites.TryGetValue(p.Id, out var before) || before.All(Mastered)).ToList();
        var next = ready
            .GroupBy(p => p.Sources.OrderByDescending(s => s.Score).First().LectureId)
            .Where(g => lectures.ContainsKey(g.Key))
            .Select(g => new PlanLecture(g.Key, lectures[g.Key].Title,
                g.OrderBy(p => Known(p.Id)).Select(p => new PlanPoint(p.Id, p.Label, Math.Round(Known(p.Id), 4))).ToList(),
                progress.GetValueOrDefault(g.Key), quizzes.TryGetValue(g.Key, out var q) ? q : null))
            .OrderBy(l => l.Points.Average(p => p.Known))
            .ThenBy(l => lectures[l.LectureId].Order)
            .ToList();
        return new LearningPlan(reviews, next,
            ready.OrderBy(p => Known(p.Id)).Select(p => new PlanPoint(p.Id, p.Label, Math.Round(Known(p.Id), 4))).ToList(),
            unmastered.Count - ready.Count, points.Count(p => Mastered(p.Id)), points.Count);
    }

    private async Task<PlanMoment?> MomentAsync(string lectureId, int index, Dictionary<string, Lectures.LearningLecture> lectures,
        Dictionary<(string, int), (string Text, double Start, double End)> cache, CancellationToken cancellationToken)
    {
        if (!lectures.TryGetValue(lectureId, out var lecture))
        {
            return null;
        }
        if (!cache.TryGetValue((lectureId, index), out var sentence))
        {
            var row = await db.LectureSentences.AsNoTracking().FirstOrDefaultAsync(s => s.LectureId == lectureId && s.Index == index, cancellationToken);
            if (row is null)
            {
                return null;
            }
            cache[(lectureId, index)] = sentence = (row.Text, row.Start, row.End);
        }
        return new PlanMoment(lectureId, lecture.Title, sentence.Text, sentence.Start, sentence.End);
    }
}
