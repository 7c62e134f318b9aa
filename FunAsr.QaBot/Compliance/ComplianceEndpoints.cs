using System.Security.Claims;
using FunAsr.QaBot.Access;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Storage;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.QaBot.Compliance;

/// <summary>
/// <c>GET /api/qa/alerts</c> (newest first, from the <c>alerts</c> stream) and the per-lecture audit report, each only
/// for lectures the caller may read.
/// </summary>
public static class ComplianceEndpoints
{
    public static IEndpointRouteBuilder MapComplianceEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/qa/alerts").WithTags("Compliance").RequireRole(Roles.Employee).MapGet("/", GetAlertsAsync);
        routes.MapGroup("/api/qa/lectures").WithTags("Compliance").RequireRole(Roles.Employee).MapGet("/{id}/audit", GetAuditAsync);
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<ComplianceAlert>>, ProblemHttpResult>> GetAlertsAsync(
        LectureStore store, ReadableLectures readable, ClaimsPrincipal user, int? count, string? lectureId)
    {
        var take = count ?? 100;
        if (take is < 1 or > 1000)
        {
            return TypedResults.Problem("count must be between 1 and 1000.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid count");
        }
        var visible = await readable.OfAsync(Caller.Of(user));
        if (lectureId is not null && visible?.Contains(lectureId) == false)
        {
            return TypedResults.Ok<IReadOnlyList<ComplianceAlert>>([]);
        }
        var alerts = await store.GetAlertsAsync(take, lectureId, visible);
        return TypedResults.Ok(alerts);
    }

    private static async Task<Results<Ok<AuditReport>, ProblemHttpResult>> GetAuditAsync(string id, ClaimsPrincipal user, LectureStore store) =>
        await LectureEndpoints.VisibleAsync(id, user, store) is not null && await store.GetAuditAsync(id) is { } audit
            ? TypedResults.Ok(audit)
            : LectureEndpoints.NotFound(id);
}
