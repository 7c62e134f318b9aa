using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.QaBot.Compliance;

/// <summary><c>GET /api/qa/alerts</c> (newest first, from the <c>alerts</c> stream) and the per-lecture audit report.</summary>
public static class ComplianceEndpoints
{
    public static IEndpointRouteBuilder MapComplianceEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/qa/alerts").WithTags("Compliance").MapGet("/", GetAlertsAsync);
        routes.MapGroup("/api/qa/lectures").WithTags("Compliance").MapGet("/{id}/audit", GetAuditAsync);
        return routes;
    }

    private static async Task<Results<Ok<IReadOnlyList<ComplianceAlert>>, ProblemHttpResult>> GetAlertsAsync(
        LectureStore store, int? count, string? lectureId)
    {
        var take = count ?? 100;
        if (take is < 1 or > 1000)
        {
            return TypedResults.Problem("count must be between 1 and 1000.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid count");
        }
        return TypedResults.Ok(await store.GetAlertsAsync(take, lectureId));
    }

    private static async Task<Results<Ok<AuditReport>, ProblemHttpResult>> GetAuditAsync(string id, LectureStore store) =>
        await store.GetAuditAsync(id) is { } audit ? TypedResults.Ok(audit) : LectureEndpoints.NotFound(id);
}
