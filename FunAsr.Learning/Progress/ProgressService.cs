using System.Text.Json;
using System.Text.Json.Nodes;
using FunAsr.Learning.Configuration;
using FunAsr.Learning.Data;
using FunAsr.Learning.Errors;
using FunAsr.Learning.Knowledge;
using FunAsr.Learning.Lectures;
using FunAsr.Learning.Mastery;
using FunAsr.Learning.Records;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Progress;

/// <summary>Body of <c>POST /api/learning/progress</c>: the page played [<see cref="From"/>, <see cref="To"/>) of a lecture.</summary>
public sealed record ProgressReport(string? LectureId, double From, double To, double? Duration = null);

public sealed record ProgressView(string LectureId, string Title, double Watched, double Duration, double Progress, bool Completed, double LastPosition, DateTime UpdatedAt);

/// <summary>
/// Playback reports from the page become watch progress and xAPI statements: "experienced" at the first report,
/// "progressed" at each tenth watched, "completed" once <see cref="ProgressOptions.CompletedAt"/> of the lecture is watched.
/// Statement ids derive from what they record, so a report sent twice records nothing twice.
/// </summary>
public sealed class ProgressService(
    LearningDbContext db,
    KnowledgeIndexer indexer,
    LectureFeed feed,
    LearnerDirectory learners,
    StatementStore statements,
    StatementFactory factory,
    LearningRecords records,
    IOptions<LearningOptions> options,
    TimeProvider time)
{
    public async Task<ProgressView> ReportAsync(ProgressReport report, Caller caller, CancellationToken cancellationToken)
    {
        var settings = options.Value.Progress;
        if (string.IsNullOrWhiteSpace(report.LectureId))
        {
            throw new InvalidInputException("missing_lecture", "Say which lecture was played: 'lectureId'.");
        }
        if (!double.IsFinite(report.From) || !double.IsFinite(report.To) || report.From < 0 || report.To <= report.From)
        {
            throw new InvalidInputException("invalid_range", "'from' and 'to' are seconds into the lecture, with 0 ≤ from < to.");
        }
        if (report.To - report.From > settings.MaxReportSeconds)
        {
            throw new InvalidInputException("range_too_long", $"One report covers at most {settings.MaxReportSeconds:0} seconds of playback; report as you play.");
        }
        var lecture = await LectureAsync(report.LectureId, cancellationToken);
        var duration = lecture.Duration > 0 ? lecture.Duration : report.Duration ?? 0;
        if (duration <= 0)
        {
            throw new InvalidInputException("unknown_duration", "The lecture's length is not known; send 'duration' with the report.");
        }
        var to = Math.Min(report.To, duration);
        if (report.From >= to)
        {
            throw new InvalidInputException("invalid_range", $"The lecture is {duration:0.#} seconds long.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        await learners.TouchAsync(caller, cancellationToken);
        var progress = await db.WatchProgress.FirstOrDefaultAsync(p => p.UserId == caller.Subject && p.LectureId == lecture.Id, cancellationToken);
        var actor = factory.Agent(caller.Subject, caller.Name);
        var staged = new List<JsonObject>();
        if (progress is null)
        {
            progress = new WatchProgress { UserId = caller.Subject, LectureId = lecture.Id, StartedAt = now };
            db.WatchProgress.Add(progress);
            staged.Add(records.Watched(actor, Verbs.Experienced, lecture.Id, lecture.Title, lecture.Language, 0, report.From, $"experienced:{caller.Subject}:{lecture.Id}"));
        }
        var ranges = PlaybackRanges.Add(JsonSerializer.Deserialize<List<double[]>>(progress.Ranges) ?? [], report.From, to);
        progress.Ranges = JsonSerializer.Serialize(ranges);
        progress.Duration = duration;
        progress.Watched = Math.Round(PlaybackRanges.Total(ranges), 2);
        progress.Progress = Math.Min(1, Math.Round(progress.Watched / duration, 4));
        progress.LastPosition = to;
        progress.UpdatedAt = now;
        var tenth = (int)Math.Floor(progress.Progress * 10 + 1e-9);
        if (tenth > progress.ReportedTenth && tenth < 10)
        {
            progress.ReportedTenth = tenth;
            staged.Add(records.Watched(actor, Verbs.Progressed, lecture.Id, lecture.Title, lecture.Language, progress.Progress, to,
                $"progressed:{caller.Subject}:{lecture.Id}:{tenth}"));
        }
        if (!progress.Completed && progress.Progress >= settings.CompletedAt)
        {
            progress.Completed = true;
            progress.CompletedAt = now;
            progress.ReportedTenth = 10;
            staged.Add(records.Watched(actor, Verbs.Completed, lecture.Id, lecture.Title, lecture.Language, progress.Progress, to,
                $"completed:{caller.Subject}:{lecture.Id}"));
        }
        await statements.AddNewAsync(staged, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return View(progress, lecture.Title);
    }

    public async Task<IReadOnlyList<ProgressView>> MineAsync(Caller caller, CancellationToken cancellationToken)
    {
        var rows = await db.WatchProgress.Where(p => p.UserId == caller.Subject)
            .Join(db.Lectures, p => p.LectureId, l => l.Id, (p, l) => new { Progress = p, l.Title })
            .AsNoTracking().ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.Progress.UpdatedAt).Select(r => View(r.Progress, r.Title)).ToList();
    }

    private async Task<LearningLecture> LectureAsync(string lectureId, CancellationToken cancellationToken)
    {
        var lecture = await db.Lectures.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lectureId, cancellationToken);
        if (lecture is not null)
        {
            return lecture;
        }
        var content = await feed.GetAsync(lectureId, cancellationToken) ?? throw new NotFoundException("lecture_not_found", $"No lecture with id '{lectureId}'.");
        await indexer.IndexAsync(content, cancellationToken);
        return await db.Lectures.AsNoTracking().FirstAsync(l => l.Id == lectureId, cancellationToken);
    }

    private static ProgressView View(WatchProgress p, string title) =>
        new(p.LectureId, title, p.Watched, p.Duration, p.Progress, p.Completed, p.LastPosition, p.UpdatedAt);
}
