using System.Security.Claims;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.Learning.Reports;

/// <summary>Reports for managers and trainers (content role and above), as JSON, CSV or XLSX.</summary>
public static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportEndpoints(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").RequireRole(Roles.Content);
        reports.MapGet("/", ReportAsync).WithSummary("Completion, mastery and questions per department and lecture");
        reports.MapGet("/lectures.csv", LecturesCsvAsync).WithSummary("The lecture table as CSV");
        reports.MapGet("/questions.csv", QuestionsCsvAsync).WithSummary("The most-asked questions as CSV");
        reports.MapGet("/report.xlsx", XlsxAsync).WithSummary("Both tables as an XLSX workbook");
        return api;
    }

    private static async Task<Ok<LearningReport>> ReportAsync(ClaimsPrincipal user, ReportService reports, string? department, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reports.BuildAsync(Caller.Of(user), department, cancellationToken));

    private static async Task<FileContentHttpResult> LecturesCsvAsync(ClaimsPrincipal user, ReportService reports, string? department, CancellationToken cancellationToken) =>
        TypedResults.File(ReportExport.Csv((await reports.BuildAsync(Caller.Of(user), department, cancellationToken)).Lectures), ReportExport.CsvType, "learning-lectures.csv");

    private static async Task<FileContentHttpResult> QuestionsCsvAsync(ClaimsPrincipal user, ReportService reports, string? department, CancellationToken cancellationToken) =>
        TypedResults.File(ReportExport.Csv((await reports.BuildAsync(Caller.Of(user), department, cancellationToken)).Questions), ReportExport.CsvType, "learning-questions.csv");

    private static async Task<FileContentHttpResult> XlsxAsync(ClaimsPrincipal user, ReportService reports, string? department, CancellationToken cancellationToken) =>
        TypedResults.File(ReportExport.Xlsx(await reports.BuildAsync(Caller.Of(user), department, cancellationToken)), ReportExport.XlsxType, "learning-report.xlsx");
}
