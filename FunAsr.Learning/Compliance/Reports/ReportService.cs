using System.Diagnostics;
using System.Text.Json;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Audit.Anchors;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Learning.Compliance.People;
using FunAsr.Learning.Compliance.Training;
using FunAsr.Learning.Compliance.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Compliance.Reports;

/// <summary>
/// Audit reports for a period, a department or a lecture: findings by type with masked excerpts and times, alerts and
/// who acknowledged them, completions, who is overdue, attestations, the state of the audit chain and the signed
/// checkpoint of its head written as the report was made (an auditor compares it with the anchor file). Each one is
/// stored with its PDF, CSV and XLSX, recorded in the trail, announced to webhook receivers, and its own trail row is
/// checkpointed right away.
/// </summary>
public sealed class ReportService(
    ComplianceDbContext db,
    AuditTrail trail,
    AuditVerifier verifier,
    AuditAnchor anchor,
    WebhookOutbox outbox,
    TrainingService training,
    ReportRenderer renderer,
    ComplianceTelemetry telemetry,
    IOptionsMonitor<ComplianceOptions> options,
    TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly string[] Frequencies = ["daily", "weekly", "monthly"];

    public async Task<ReportView> GenerateAsync(ReportRequest request, string trigger, AuditActor actor, CancellationToken cancellationToken)
    {
        using var span = ComplianceTelemetry.Source.StartActivity("compliance.report.generate");
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var to = request.To ?? now;
        var from = request.From ?? to.AddDays(-30);
        if (from >= to)
        {
            throw new ComplianceValidationException("from must be before to.");
        }
        if (to - from > TimeSpan.FromDays(3660))
        {
            throw new ComplianceValidationException("A report covers at most ten years.");
        }
        var department = string.IsNullOrWhiteSpace(request.Department) ? null : request.Department.Trim();
        var lecture = string.IsNullOrWhiteSpace(request.LectureId) ? null : request.LectureId.Trim();
        var data = await GatherAsync(AuditChain.Truncate(from), AuditChain.Truncate(to), department, lecture, actor, cancellationToken);
        var pdf = renderer.Pdf(data);
        var csv = ReportRenderer.Csv(data);
        var xlsx = ReportRenderer.Xlsx(data);
        var summary = new ReportSummary(data.FindingsByKind, data.Findings.Count, data.Acknowledged, data.Completions.Count, data.Overdue.Count,
            data.Attestations.Count, data.Chain.Valid, data.ClearTextViews.Count, data.Redactions.Count);

        var stored = await trail.WriteAsync(db, async batch =>
        {
            var row = new StoredReport
            {
                Id = Guid.NewGuid(), Title = data.Title, Trigger = trigger, From = data.From, To = data.To, Department = department, LectureId = lecture,
                CreatedBy = actor.Name ?? actor.Id, CreatedAt = batch.Now, Summary = JsonSerializer.Serialize(summary, Json), Pdf = pdf, Csv = csv, Xlsx = xlsx,
            };
            db.Reports.Add(row);
            batch.Record(AuditKinds.ReportGenerated, actor, row.Id.ToString(), new { row.Title, row.Trigger, row.From, row.To, row.Department, row.LectureId, summary });
            await Task.CompletedTask;
            outbox.Enqueue(db, WebhookEvents.ReportGenerated, batch.Now, new { id = row.Id, row.Title, row.Trigger, row.From, row.To, row.Department, row.LectureId, summary });
            return row;
        }, cancellationToken);
        await AnchorAsync(cancellationToken);
        telemetry.ReportsGenerated.Add(1, new KeyValuePair<string, object?>("trigger", trigger == "on-demand" ? "on-demand" : "scheduled"));
        telemetry.ReportDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        span?.SetTag("compliance.report.findings", data.Findings.Count);
        return View(stored);
    }

    public async Task<IReadOnlyList<ReportView>> ListAsync(int take, CancellationToken cancellationToken) =>
        (await db.Reports.AsNoTracking().OrderByDescending(r => r.CreatedAt).Take(take)
            .Select(r => new StoredReport
            {
                Id = r.Id, Title = r.Title, Trigger = r.Trigger, From = r.From, To = r.To, Department = r.Department, LectureId = r.LectureId,
                CreatedBy = r.CreatedBy, CreatedAt = r.CreatedAt, Summary = r.Summary, Pdf = Array.Empty<byte>(), Csv = Array.Empty<byte>(), Xlsx = Array.Empty<byte>(),
            })
            .ToListAsync(cancellationToken)).Select(View).ToList();

    public async Task<(byte[] Content, string ContentType, string FileName)> FileAsync(Guid id, string format, CancellationToken cancellationToken)
    {
        var report = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new ComplianceNotFoundException($"Report {id}");
        var name = $"compliance-report-{report.CreatedAt:yyyyMMdd-HHmm}-{id.ToString()[..8]}";
        return format switch
        {
            "pdf" => (report.Pdf, "application/pdf", name + ".pdf"),
            "csv" => (report.Csv, "text/csv; charset=utf-8", name + ".csv"),
            "xlsx" => (report.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx"),
            _ => throw new ComplianceValidationException("format is pdf, csv or xlsx."),
        };
    }

    public async Task<ScheduleView> ScheduleAsync(ScheduleInput input, AuditActor actor, CancellationToken cancellationToken)
    {
        var name = input.Name?.Trim();
        var frequency = input.Frequency?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(name) || name.Length > 100 || frequency is null || !Frequencies.Contains(frequency))
        {
            throw new ComplianceValidationException($"name (at most 100 characters) and frequency ({string.Join(", ", Frequencies)}) are required.");
        }
        var schedule = await trail.WriteAsync(db, async batch =>
        {
            var row = new ReportSchedule
            {
                Id = Guid.NewGuid(), Name = name, Frequency = frequency, Department = Blank(input.Department), LectureId = Blank(input.LectureId),
                NextRunAt = NextBoundary(frequency, batch.Now), CreatedBy = actor.Id,
            };
            db.ReportSchedules.Add(row);
            batch.Record(AuditKinds.ReportScheduled, actor, row.Id.ToString(), new { row.Name, row.Frequency, row.Department, row.LectureId, row.NextRunAt });
            await Task.CompletedTask;
            return row;
        }, cancellationToken);
        return ViewOf(schedule);
    }

    public async Task<IReadOnlyList<ScheduleView>> SchedulesAsync(CancellationToken cancellationToken) =>
        (await db.ReportSchedules.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken)).Select(ViewOf).ToList();

    public async Task DeleteScheduleAsync(Guid id, AuditActor actor, CancellationToken cancellationToken) =>
        await trail.WriteAsync(db, async batch =>
        {
            var row = await db.ReportSchedules.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw new ComplianceNotFoundException($"Schedule {id}");
            db.ReportSchedules.Remove(row);
            batch.Record(AuditKinds.ReportScheduled, actor, row.Id.ToString(), new { row.Name, removed = true });
        }, cancellationToken);

    /// <summary>Runs every schedule whose time has come, for the period that just ended; returns how many ran.</summary>
    public async Task<int> RunDueSchedulesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.ReportSchedules.AsNoTracking().Where(s => s.NextRunAt <= now).ToListAsync(cancellationToken);
        var ran = 0;
        foreach (var schedule in due)
        {
            // Claim the run first, so two replicas do not both generate it.
            var next = NextBoundary(schedule.Frequency, now);
            var claimed = await db.ReportSchedules.Where(s => s.Id == schedule.Id && s.NextRunAt == schedule.NextRunAt)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextRunAt, next).SetProperty(x => x.LastRunAt, now), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }
            var to = schedule.NextRunAt;
            var from = Previous(schedule.Frequency, to);
            await GenerateAsync(new ReportRequest(from, to, schedule.Department, schedule.LectureId), schedule.Name, AuditActor.Job("report-schedule"), cancellationToken);
            ran++;
        }
        return ran;
    }

    private async Task<ReportData> GatherAsync(DateTime from, DateTime to, string? department, string? lecture, AuditActor actor, CancellationToken cancellationToken)
    {
        var limit = options.CurrentValue.Reports.MaxRowsPerSection;
        var alerts = db.Alerts.AsNoTracking().Where(a => a.DetectedAt >= from && a.DetectedAt < to);
        if (department is not null) alerts = alerts.Where(a => a.Department == department);
        if (lecture is not null) alerts = alerts.Where(a => a.SourceId == lecture);
        var findings = await alerts.OrderBy(a => a.DetectedAt).Take(limit + 1)
            .Select(a => new FindingLine(a.Kind, a.DetectedAt, a.Source, a.SourceId, a.SourceTitle, a.PersonName ?? a.PersonId, a.Department, a.Excerpt,
                a.StartTime, a.EndTime, a.Confidence, a.AcknowledgedByName ?? a.AcknowledgedBy, a.AcknowledgedAt, a.AcknowledgementNote))
            .ToListAsync(cancellationToken);

        var assignments = db.Assignments.AsNoTracking();
        if (lecture is not null) assignments = assignments.Where(a => a.LectureId == lecture);
        var assignmentList = await assignments.ToListAsync(cancellationToken);
        var assignmentIds = assignmentList.Select(a => a.Id).ToList();

        var completionQuery = db.Completions.AsNoTracking().Where(c => c.CompletedAt >= from && c.CompletedAt < to && assignmentIds.Contains(c.AssignmentId));
        if (department is not null) completionQuery = completionQuery.Where(c => c.Department == department);
        var watchedCourses = assignmentList.Where(a => a.LectureId is not null).Select(a => a.Id).ToHashSet();
        var completions = (await completionQuery.OrderBy(c => c.CompletedAt).Take(limit + 1).ToListAsync(cancellationToken))
            .Select(c => new CompletionLine(c.PersonName, c.Department, c.CourseTitle, c.CompletedAt, c.ValidUntil,
                watchedCourses.Contains(c.AssignmentId) ? c.WatchedShare : null, c.QuizScore, c.CertificateId))
            .ToList();

        var attestationQuery = db.Attestations.AsNoTracking().Where(a => a.At >= from && a.At < to && assignmentIds.Contains(a.AssignmentId));
        if (department is not null)
        {
            var inDepartment = db.People.Where(p => p.Department == department).Select(p => p.Id);
            attestationQuery = attestationQuery.Where(a => inDepartment.Contains(a.PersonId));
        }
        var titles = assignmentList.ToDictionary(a => a.Id, a => a.Title);
        var attestations = (await attestationQuery.OrderBy(a => a.At).Take(limit + 1).ToListAsync(cancellationToken))
            .Select(a => new AttestationLine(a.PersonName, titles.GetValueOrDefault(a.AssignmentId, "?"), a.At, a.Text, a.TextHash, a.AuthMethod, a.AuthenticatedAt))
            .ToList();

        var overdue = new List<OverdueLine>();
        foreach (var assignment in assignmentList.Where(a => a.WithdrawnAt == null))
        {
            var people = PeopleDirectory.Targeted(db, assignment);
            if (department is not null) people = people.Where(p => p.Department == department);
            foreach (var person in await people.AsNoTracking().ToListAsync(cancellationToken))
            {
                var course = await training.CourseAsync(assignment, person.Id, cancellationToken);
                if (course.Status == TrainingStatus.Overdue && overdue.Count <= limit)
                {
                    overdue.Add(new OverdueLine(person.Name ?? person.Id, person.Department, assignment.Title, course.DueAt, course.Status));
                }
            }
        }

        // Who was shown clear text, and what was masked, as the trail holds them. Neither names a department, so a report for
        // one department lists neither rather than another department's lectures.
        var views = department is null
            ? (await AuditRowsAsync(AuditKinds.ClearTextViewed, from, to, limit, cancellationToken, lecture)).Select(ViewLine).Where(v => lecture is null || v.LectureId == lecture).ToList()
            : [];
        var redactions = department is null && lecture is null
            ? (await AuditRowsAsync(AuditKinds.RedactionApplied, from, to, limit, cancellationToken)).Select(RedactionLineOf).ToList()
            : [];

        var truncated = findings.Count > limit || completions.Count > limit || attestations.Count > limit || overdue.Count > limit
            || views.Count > limit || redactions.Count > limit;
        var checkpoint = await AnchorAsync(cancellationToken);
        var chain = await verifier.VerifyAsync(db, cancellationToken);
        var title = "Compliance audit report" + (department is null ? "" : $" · {department}") + (lecture is null ? "" : $" · lecture {lecture}");
        return new ReportData(title, from, to, department, lecture, AuditChain.Truncate(time.GetUtcNow()), actor.Name ?? actor.Id,
            findings.Take(limit).ToList(), completions.Take(limit).ToList(), overdue.Take(limit).ToList(), attestations.Take(limit).ToList(),
            views.Take(limit).ToList(), redactions.Take(limit).ToList(), truncated, chain, checkpoint);
    }

    /// <param name="lecture">Only rows whose details name this lecture: filtered in the query, so the row limit counts those alone.</param>
    private Task<List<AuditRecord>> AuditRowsAsync(string kind, DateTime from, DateTime to, int limit, CancellationToken cancellationToken, string? lecture = null)
    {
        var rows = db.AuditTrail.AsNoTracking().Where(a => a.Kind == kind && a.At >= from && a.At < to);
        if (lecture is not null)
        {
            // Details are the trail's web-cased JSON; a lecture id (letters, digits, '.', '_', '-') needs no escaping in it.
            var named = $"\"lectureId\":\"{lecture}\"";
            rows = rows.Where(a => a.Detail.Contains(named));
        }
        return rows.OrderBy(a => a.Sequence).Take(limit + 1).ToListAsync(cancellationToken);
    }

    private static ClearTextViewLine ViewLine(AuditRecord row)
    {
        var detail = JsonDocument.Parse(row.Detail).RootElement;
        return new ClearTextViewLine(row.ActorName ?? row.ActorId ?? "?", Text(detail, "role"), Text(detail, "lectureId"), Text(detail, "title"), row.At);
    }

    private static RedactionLine RedactionLineOf(AuditRecord row)
    {
        var detail = JsonDocument.Parse(row.Detail).RootElement;
        var spans = detail.TryGetProperty("spans", out var counts) && counts.ValueKind == JsonValueKind.Object
            ? string.Join(", ", counts.EnumerateObject().Select(c => $"{c.Name} {c.Value}"))
            : "";
        return new RedactionLine(row.Subject ?? "?", Text(detail, "source"), row.ActorName ?? row.ActorId ?? "?", Text(detail, "classes"), spans, row.At);
    }

    private static string? Text(JsonElement detail, string name) =>
        detail.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// The newest checkpoint, written now when the head changed. Null when the trail disagrees with the last one: no
    /// rewritten head is signed, and the report's chain section says what broke.
    /// </summary>
    private async Task<Checkpoint?> AnchorAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await anchor.AnchorAsync(db, cancellationToken)).Checkpoint;
        }
        catch (ComplianceConflictException)
        {
            return null;
        }
    }

    /// <summary>The next midnight (UTC) that starts a day, a Monday or a month after <paramref name="now"/>.</summary>
    public static DateTime NextBoundary(string frequency, DateTime now)
    {
        var day = now.Date.AddDays(1);
        return frequency switch
        {
            "weekly" => day.AddDays(((int)DayOfWeek.Monday - (int)day.DayOfWeek + 7) % 7),
            "monthly" => new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1),
            _ => day,
        };
    }

    private static DateTime Previous(string frequency, DateTime boundary) => frequency switch
    {
        "weekly" => boundary.AddDays(-7),
        "monthly" => boundary.AddMonths(-1),
        _ => boundary.AddDays(-1),
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ReportView View(StoredReport r) => new(r.Id, r.Title, r.Trigger, r.From, r.To, r.Department, r.LectureId, r.CreatedBy, r.CreatedAt,
        JsonSerializer.Deserialize<ReportSummary>(r.Summary, Json)!);

    private static ScheduleView ViewOf(ReportSchedule s) => new(s.Id, s.Name, s.Frequency, s.Department, s.LectureId, s.NextRunAt, s.LastRunAt);
}
