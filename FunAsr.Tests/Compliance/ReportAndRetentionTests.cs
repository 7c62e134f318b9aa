using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using FunAsr.Learning.Compliance.Access;
using FunAsr.Learning.Compliance.Alerts;
using FunAsr.Learning.Compliance.Redactions;
using FunAsr.Learning.Compliance.Reports;
using FunAsr.Learning.Compliance.Retention;
using FunAsr.Learning.Compliance.Training;
using FunAsr.Messaging;
using FunAsr.Security.Authorization;
using FunAsr.Tests.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Compliance;

/// <summary>Audit reports that list findings, acknowledgements, completions, overdue people and attestations; retention that deletes what is old unless held, and says so.</summary>
public sealed class ReportAndRetentionTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly List<(string Id, DateTimeOffset CreatedAt)> _lectures = [];
    private readonly List<string> _deleted = [];
    private StandInService _qabot = null!;
    private ComplianceHost _host = null!;

    public async Task InitializeAsync()
    {
        _lectures.AddRange([("old-call", DateTimeOffset.UtcNow.AddDays(-400)), ("held-call", DateTimeOffset.UtcNow.AddDays(-400)), ("new-call", DateTimeOffset.UtcNow.AddDays(-3))]);
        _qabot = await StandInService.StartAsync("qabot", app =>
        {
            app.MapGet("/api/qa/lectures", () => Results.Ok(_lectures.Select(l => new { id = l.Id, title = $"Call {l.Id}", createdAt = l.CreatedAt })));
            app.MapDelete("/api/qa/lectures/{id}", (string id) =>
            {
                _deleted.Add(id);
                return _lectures.RemoveAll(l => l.Id == id) > 0 ? Results.NoContent() : Results.NotFound();
            });
        });
        _host = new ComplianceHost(new Dictionary<string, string?> { ["Compliance:Retention:QaBot"] = _qabot.Address.ToString() });
        _quiz = await LearningFixtures.AddLectureAndQuizAsync(_host, "conduct", "行为准则", 300);
    }

    private Guid _quiz;

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _qabot.DisposeAsync();
    }

    private static object Finding(string key, string kind, string excerpt, string department, DateTimeOffset? at = null, string sourceId = "weekly-sync") => new
    {
        dedupeKey = key, kind, source = "lecture", sourceId, sourceTitle = "周例会", personId = "emp-3", personName = "赵敏", department,
        excerpt, confidence = 0.95, reason = "test", startTime = 61.5, endTime = 64, detectedAt = at ?? DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task A_report_lists_findings_acknowledgements_completions_overdue_people_and_attestations_in_pdf_csv_and_xlsx()
    {
        using var producer = _host.Client(ComplianceHost.Person("service:qabot", Roles.Content, null, "Q&A service"));
        var alerts = await (await producer.PostAsJsonAsync("/api/compliance/findings", new[]
        {
            Finding("r1", "phoneNumber", "客户电话是138****5678，请回电", "sales"),
            Finding("r2", "customer", "我们和华锐精密签了合同", "sales"),
            Finding("r3", "email", "写信给 z***@example.com", "finance"),
        })).Content.ReadFromJsonAsync<List<AlertView>>(Json);
        using var officer = _host.Client(ComplianceHost.Officer);
        await officer.PostAsJsonAsync($"/api/compliance/alerts/{alerts![0].Id}/acknowledge", new { note = "已提醒" });

        var assignment = await (await officer.PostAsJsonAsync("/api/compliance/assignments", new
        {
            title = "行为准则", quizId = _quiz, targetType = "department", targetValue = "sales", dueAt = DateTimeOffset.UtcNow.AddDays(-1),
        })).Content.ReadFromJsonAsync<AssignmentView>(Json);
        // 赵敏 completes it; 钱多 (seen, in sales) does not and is overdue.
        using var zhao = _host.Client(ComplianceHost.Person("emp-3", Roles.Employee, "sales", "赵敏", DateTimeOffset.UtcNow));
        using var qian = _host.Client(ComplianceHost.Person("emp-4", Roles.Employee, "sales", "钱多"));
        await qian.GetAsync("/api/compliance/me/training");
        await LearningFixtures.AttemptAsync(_host, _quiz, "conduct", "emp-3", 0.8, passed: true);
        var text = (await zhao.GetFromJsonAsync<List<MyCourse>>("/api/compliance/me/training", Json))![0].AttestationText;
        Assert.Equal(HttpStatusCode.OK, (await zhao.PostAsJsonAsync($"/api/compliance/me/training/{assignment!.Id}/attest", new { text })).StatusCode);

        using var generated = await officer.PostAsJsonAsync("/api/compliance/reports", new { from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow.AddMinutes(1), department = "sales" });
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        var report = (await generated.Content.ReadFromJsonAsync<ReportView>(Json))!;
        Assert.Equal((2, 1, 1, 1, 1, true), (report.Summary.Findings, report.Summary.Acknowledged, report.Summary.Completions, report.Summary.Overdue, report.Summary.Attestations, report.Summary.ChainValid));
        Assert.Equal(1, report.Summary.FindingsByKind["customer"]);

        var pdfBytes = await officer.GetByteArrayAsync($"/api/compliance/reports/{report.Id}/pdf");
        PdfText.Keep("compliance-report.pdf", pdfBytes);
        var pdf = PdfText.Extract(pdfBytes);
        foreach (var expected in new[] { "Compliance audit report", "sales", "138****5678", "phoneNumber", "customer", "Olivia Officer", "已提醒", "行为准则", "赵敏", "钱多", "overdue", "Audit trail verified" })
        {
            Assert.Contains(expected, pdf);
        }
        Assert.DoesNotContain("z***@example.com", pdf); // the finance finding is outside the department

        var csv = Encoding.UTF8.GetString(await officer.GetByteArrayAsync($"/api/compliance/reports/{report.Id}/csv"));
        Assert.StartsWith("\uFEFFsection,type,at", csv);
        Assert.Contains("finding,phoneNumber", csv);
        Assert.Contains("completion,", csv);
        Assert.Contains("overdue,overdue", csv);
        Assert.Contains("attestation,password", csv);
        Assert.Contains("Olivia Officer", csv);

        using var workbook = new XLWorkbook(new MemoryStream(await officer.GetByteArrayAsync($"/api/compliance/reports/{report.Id}/xlsx")));
        Assert.Equal(["Summary", "Findings", "Completions", "Overdue", "Attestations", "Clear-text views", "Redactions"], workbook.Worksheets.Select(w => w.Name));
        Assert.Equal("客户电话是138****5678，请回电", workbook.Worksheet("Findings").Cell(2, 8).GetString());
        Assert.Equal("钱多", workbook.Worksheet("Overdue").Cell(2, 1).GetString());

        var listed = await officer.GetFromJsonAsync<List<ReportView>>("/api/compliance/reports", Json);
        Assert.Equal(report.Id, Assert.Single(listed!).Id);
        var audit = await officer.GetFromJsonAsync<List<JsonElement>>("/api/compliance/audit?kind=report.generated", Json);
        Assert.Single(audit!);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.GetAsync($"/api/compliance/reports/{report.Id}/docx")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync("/api/compliance/reports", new { from = DateTimeOffset.UtcNow, to = DateTimeOffset.UtcNow.AddDays(-1) })).StatusCode);
    }

    [Fact]
    public async Task A_report_lists_who_was_shown_clear_text_and_what_was_redacted_and_a_department_report_lists_neither()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ClearTextViews>().RecordAsync(
                new ClearTextAccess("req-77", "call-9", "供应商电话复盘", "olivia", "Olivia Officer", Roles.Admin, DateTimeOffset.UtcNow), CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<AppliedRedactions>().RecordAsync(
                new RedactionRecord("job-31", RedactionSources.Job, "chen", "Chen Content", "pii", new Dictionary<string, int> { ["phone"] = 2 }, DateTimeOffset.UtcNow),
                CancellationToken.None);
        }
        var period = new { from = DateTimeOffset.UtcNow.AddDays(-1), to = DateTimeOffset.UtcNow.AddMinutes(1) };
        var report = (await (await officer.PostAsJsonAsync("/api/compliance/reports", period)).Content.ReadFromJsonAsync<ReportView>(Json))!;
        Assert.Equal((1, 1), (report.Summary.ClearTextViews, report.Summary.Redactions));

        var pdf = PdfText.Extract(await officer.GetByteArrayAsync($"/api/compliance/reports/{report.Id}/pdf"));
        foreach (var expected in new[] { "Clear-text views", "Olivia Officer", "供应商电话复盘", "Redactions", "Chen Content", "phone 2", "job-31" })
        {
            Assert.Contains(expected, pdf);
        }
        var csv = Encoding.UTF8.GetString(await officer.GetByteArrayAsync($"/api/compliance/reports/{report.Id}/csv"));
        Assert.Contains("cleartext_view,admin,", csv);
        Assert.Contains("redaction,job,", csv);
        using var workbook = new XLWorkbook(new MemoryStream(await officer.GetByteArrayAsync($"/api/compliance/reports/{report.Id}/xlsx")));
        Assert.Equal("Olivia Officer", workbook.Worksheet("Clear-text views").Cell(2, 2).GetString());
        Assert.Equal("phone 2", workbook.Worksheet("Redactions").Cell(2, 5).GetString());

        // Neither names a department: a department's report does not list another department's lectures.
        var sales = (await (await officer.PostAsJsonAsync("/api/compliance/reports", new { period.from, period.to, department = "sales" })).Content.ReadFromJsonAsync<ReportView>(Json))!;
        Assert.Equal((0, 0), (sales.Summary.ClearTextViews, sales.Summary.Redactions));

        // A lecture's report lists the views of that lecture only, and no redactions (they name a job, not a lecture).
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ClearTextViews>().RecordAsync(
                new ClearTextAccess("req-78", "call-10", "另一通电话", "olivia", "Olivia Officer", Roles.Admin, DateTimeOffset.UtcNow), CancellationToken.None);
        }
        var call = (await (await officer.PostAsJsonAsync("/api/compliance/reports", new { period.from, to = DateTimeOffset.UtcNow.AddMinutes(1), lectureId = "call-10" }))
            .Content.ReadFromJsonAsync<ReportView>(Json))!;
        Assert.Equal((1, 0), (call.Summary.ClearTextViews, call.Summary.Redactions));
        Assert.Contains("另一通电话", PdfText.Extract(await officer.GetByteArrayAsync($"/api/compliance/reports/{call.Id}/pdf")));
    }

    [Fact]
    public async Task Text_that_a_spreadsheet_would_run_as_a_formula_is_written_inert()
    {
        using var producer = _host.Client(ComplianceHost.Person("service:qabot", Roles.Content, null, "Q&A service"));
        await producer.PostAsJsonAsync("/api/compliance/findings", new[] { Finding("f1", "email", "=HYPERLINK(\"http://evil\",\"x\")", "sales") });
        using var officer = _host.Client(ComplianceHost.Officer);
        var report = (await (await officer.PostAsJsonAsync("/api/compliance/reports", new { })).Content.ReadFromJsonAsync<ReportView>(Json))!;
        var csv = Encoding.UTF8.GetString(await officer.GetByteArrayAsync($"/api/compliance/reports/{report.Id}/csv"));
        Assert.DoesNotContain(",=HYPERLINK", csv);
        Assert.DoesNotContain(",\"=HYPERLINK", csv);
        using var workbook = new XLWorkbook(new MemoryStream(await officer.GetByteArrayAsync($"/api/compliance/reports/{report.Id}/xlsx")));
        var cell = workbook.Worksheet("Findings").Cell(2, 8);
        Assert.False(cell.HasFormula);
        Assert.StartsWith("'=HYPERLINK", cell.GetString());
    }

    [Fact]
    public async Task Scheduled_reports_run_for_the_period_that_ended_and_are_stored()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        var schedule = await (await officer.PostAsJsonAsync("/api/compliance/reports/schedules", new { name = "daily-sales", frequency = "daily", department = "sales" }))
            .Content.ReadFromJsonAsync<ScheduleView>(Json);
        Assert.Equal(DateTime.UtcNow.Date.AddDays(1), schedule!.NextRunAt);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync("/api/compliance/reports/schedules", new { name = "x", frequency = "hourly" })).StatusCode);

        await _host.WithDbAsync(db => db.ReportSchedules.ExecuteUpdateAsync(s => s.SetProperty(x => x.NextRunAt, DateTime.UtcNow.Date)));
        await using (var scope = _host.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ReportService>().RunDueSchedulesAsync(CancellationToken.None));
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ReportService>().RunDueSchedulesAsync(CancellationToken.None));
        }
        var report = Assert.Single((await officer.GetFromJsonAsync<List<ReportView>>("/api/compliance/reports", Json))!);
        Assert.Equal(("daily-sales", "sales", DateTime.UtcNow.Date.AddDays(-1), DateTime.UtcNow.Date), (report.Trigger, report.Department, report.From, report.To));
        Assert.Equal(DateTime.UtcNow.Date.AddDays(1), (await officer.GetFromJsonAsync<List<ScheduleView>>("/api/compliance/reports/schedules", Json))![0].NextRunAt);
    }

    [Fact]
    public async Task Retention_deletes_what_is_past_its_period_unless_a_legal_hold_covers_it_and_logs_each_deletion()
    {
        using var producer = _host.Client(ComplianceHost.Person("service:qabot", Roles.Content, null, "Q&A service"));
        await producer.PostAsJsonAsync("/api/compliance/findings", new[]
        {
            Finding("old", "phoneNumber", "138****0000", "sales", DateTimeOffset.UtcNow.AddDays(-100), "old-call"),
            Finding("held", "phoneNumber", "138****1111", "sales", DateTimeOffset.UtcNow.AddDays(-100), "held-call"),
            Finding("recent", "phoneNumber", "138****2222", "sales", DateTimeOffset.UtcNow.AddDays(-5), "new-call"),
        });
        using var officer = _host.Client(ComplianceHost.Officer);
        Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync("/api/compliance/retention/alerts", new { days = 90 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PutAsJsonAsync("/api/compliance/retention/transcripts", new { days = 365 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await officer.PutAsJsonAsync("/api/compliance/retention/recordings", new { days = 30 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PutAsJsonAsync("/api/compliance/retention/alerts", new { days = 0 })).StatusCode);
        var hold = await (await officer.PostAsJsonAsync("/api/compliance/holds", new { subjectType = "lecture", subjectId = "held-call", reason = "Regulator inquiry R-88" }))
            .Content.ReadFromJsonAsync<HoldView>(Json);
        Assert.Equal(HttpStatusCode.BadRequest, (await officer.PostAsJsonAsync("/api/compliance/holds", new { subjectType = "lecture", subjectId = "x" })).StatusCode);

        var runs = await (await officer.PostAsync("/api/compliance/retention/run", null)).Content.ReadFromJsonAsync<List<RetentionRun>>(Json);
        Assert.Contains(new RetentionRun("alerts", 1, 1, 0), runs!);
        Assert.Contains(new RetentionRun("transcripts", 1, 1, 0), runs!);
        Assert.Equal(["old-call"], _deleted);
        var left = await officer.GetFromJsonAsync<List<AlertView>>("/api/compliance/alerts", Json);
        Assert.Equal(["held-call", "new-call"], left!.Select(a => a.SourceId).Order());
        var deletions = await officer.GetFromJsonAsync<List<JsonElement>>("/api/compliance/audit?kind=retention.deleted", Json);
        Assert.Equal(["alerts", "transcripts"], deletions!.Select(d => d.GetProperty("subject").GetString()!.Split(':')[0]).Order());
        Assert.All(deletions!, d => Assert.Equal("job:retention", d.GetProperty("actorId").GetString()));

        // Released: the next run deletes what the hold kept.
        await officer.PostAsync($"/api/compliance/holds/{hold!.Id}/release", null);
        runs = await (await officer.PostAsync("/api/compliance/retention/run", null)).Content.ReadFromJsonAsync<List<RetentionRun>>(Json);
        Assert.Contains(new RetentionRun("alerts", 1, 0, 0), runs!);
        Assert.Equal(["old-call", "held-call"], _deleted);
        Assert.True((await officer.GetFromJsonAsync<JsonElement>("/api/compliance/audit/verify", Json)).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task When_the_qa_service_is_down_retention_of_transcripts_waits_and_alerts_still_go()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await officer.PutAsJsonAsync("/api/compliance/retention/transcripts", new { days = 1 });
        await _qabot.StopAsync();
        var runs = await (await officer.PostAsync("/api/compliance/retention/run", null)).Content.ReadFromJsonAsync<List<RetentionRun>>(Json);
        Assert.Equal(new RetentionRun("transcripts", 0, 0, 1), Assert.Single(runs!));
    }

}
