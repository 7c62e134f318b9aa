using FunAsr.Learning.Compliance.Audit;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.Learning.Compliance.Reports;

/// <summary><c>/api/compliance/reports</c>: generate on demand, list, download as pdf/csv/xlsx, and schedules (admins).</summary>
public static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportEndpoints(this RouteGroupBuilder compliance)
    {
        var reports = compliance.MapGroup("/reports").RequireRole(Roles.Admin);
        reports.MapPost("/", GenerateAsync);
        reports.MapGet("/", ListAsync);
        reports.MapGet("/{id:guid}/{format}", DownloadAsync);
        reports.MapGet("/schedules", SchedulesAsync);
        reports.MapPost("/schedules", ScheduleAsync);
        reports.MapDelete("/schedules/{id:guid}", DeleteScheduleAsync);
        return compliance;
    }

    private static AuditActor Actor(HttpContext context) => AuditActor.Of(Caller.From(context.User)!);

    private static async Task<Created<ReportView>> GenerateAsync(ReportRequest request, ReportService reports, HttpContext context, CancellationToken cancellationToken)
    {
        var report = await reports.GenerateAsync(request, "on-demand", Actor(context), cancellationToken);
        return TypedResults.Created($"/api/compliance/reports/{report.Id}/pdf", report);
    }

    private static async Task<Ok<IReadOnlyList<ReportView>>> ListAsync(ReportService reports, int? count, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.ListAsync(Math.Clamp(count ?? 50, 1, 500), cancellationToken));

    private static async Task<FileContentHttpResult> DownloadAsync(Guid id, string format, ReportService reports, CancellationToken cancellationToken)
    {
        var (content, type, name) = await reports.FileAsync(id, format, cancellationToken);
        return TypedResults.File(content, type, name);
    }

    private static async Task<Ok<IReadOnlyList<ScheduleView>>> SchedulesAsync(ReportService reports, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.SchedulesAsync(cancellationToken));

    private static async Task<Created<ScheduleView>> ScheduleAsync(ScheduleInput input, ReportService reports, HttpContext context, CancellationToken cancellationToken)
    {
        var schedule = await reports.ScheduleAsync(input, Actor(context), cancellationToken);
        return TypedResults.Created($"/api/compliance/reports/schedules/{schedule.Id}", schedule);
    }

    private static async Task<NoContent> DeleteScheduleAsync(Guid id, ReportService reports, HttpContext context, CancellationToken cancellationToken)
    {
        await reports.DeleteScheduleAsync(id, Actor(context), cancellationToken);
        return TypedResults.NoContent();
    }
}
