using System.Diagnostics;
using FunAsr.QaBot.Compliance;
using FunAsr.QaBot.Retrieval;
using FunAsr.QaBot.Storage;
using FunAsr.QaBot.Telemetry;
using FunAsr.Security.Authorization;

namespace FunAsr.QaBot.Lectures;

/// <summary>
/// Saves a content team's corrections: applies them (<see cref="TranscriptEditor"/>), scans the corrected text for
/// sensitive data again, stores it as the next version with who, when and what (only if nobody saved meanwhile),
/// and re-indexes it, so the Q&amp;A answers from the corrected text at once here and after the next reconcile elsewhere.
/// </summary>
public sealed class LectureEditor(
    LectureStore store,
    ComplianceScanner scanner,
    LectureIndexer indexer,
    QaTelemetry telemetry,
    TimeProvider time,
    ILogger<LectureEditor> logger)
{
    /// <summary>
    /// The lecture as the edits would leave it, stored nowhere: the page shows a split or a merge the way the server
    /// makes it (where the cut falls, how the texts join) without a rule of its own.
    /// </summary>
    public async Task<Lecture> PreviewAsync(string id, LectureEditRequest request, Caller caller)
    {
        var lecture = await EditableAsync(id, request, caller);
        return TranscriptEditor.Apply(lecture, request.Edits ?? [], caller.Department).Lecture;
    }

    public async Task<Lecture> EditAsync(string id, LectureEditRequest request, Caller caller, CancellationToken cancellationToken)
    {
        using var span = QaTelemetry.Source.StartActivity("qabot.lecture.edit");
        span?.SetTag("qabot.lecture.id", id);
        var started = Stopwatch.GetTimestamp();
        var lecture = await EditableAsync(id, request, caller);
        var (edited, changes) = TranscriptEditor.Apply(lecture, request.Edits ?? [], caller.Department);
        if (changes.Count == 0)
        {
            return lecture;
        }
        if (edited.Visibility != Visibility.Everyone && edited.Owner is null)
        {
            // A lecture from before owners has none: whoever narrows its sharing keeps it, so it never becomes visible to nobody.
            edited = edited with { Owner = caller.Subject, OwnerName = caller.Name };
        }
        var now = time.GetUtcNow();
        var audit = scanner.Scan(id, edited.Title, edited.Segments);
        var previous = await store.GetAuditAsync(id);
        var raised = audit.Alerts.Where(a => previous?.Alerts.Any(p => Same(p, a)) != true).ToList();
        edited = edited with
        {
            Version = lecture.Version + 1,
            UpdatedAt = now,
            AlertCount = audit.Alerts.Count,
            ContentHash = LectureContent.Hash(edited.Title, edited.Language, edited.Segments),
        };
        if (!await store.TrySaveEditAsync(edited, lecture.Version, audit, raised, new LectureVersion(edited.Version, caller.DisplayName, now, changes)))
        {
            var current = await store.GetAsync(id);
            throw new LectureVersionConflictException(id, lecture.Version, current?.Version ?? lecture.Version + 1);
        }
        await indexer.IndexAsync(edited, cancellationToken);
        telemetry.LectureEdits.Add(changes.Count);
        span?.SetTag("qabot.lecture.version", edited.Version);
        span?.SetTag("qabot.lecture.changes", changes.Count);
        logger.LogInformation("Lecture {LectureId} edited by {Actor} to version {Version}: {Changes} changes in {Elapsed:0} ms",
            id, caller.DisplayName, edited.Version, changes.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return edited;
    }

    private async Task<Lecture> EditableAsync(string id, LectureEditRequest request, Caller caller)
    {
        var lecture = await store.GetAsync(id);
        if (lecture is null || !lecture.Access.CanRead(caller))
        {
            throw new LectureNotFoundException(id);
        }
        if (!lecture.Access.CanManage(caller))
        {
            throw new LectureForbiddenException(id);
        }
        if (request.BaseVersion is { } expected && expected != lecture.Version)
        {
            throw new LectureVersionConflictException(id, expected, lecture.Version);
        }
        return lecture;
    }

    // The same finding in the same place: an edit elsewhere does not raise it again.
    private static bool Same(ComplianceAlert a, ComplianceAlert b) =>
        a.Kind == b.Kind && a.Excerpt == b.Excerpt && a.Term == b.Term && Math.Abs(a.Start - b.Start) < 0.001;
}
