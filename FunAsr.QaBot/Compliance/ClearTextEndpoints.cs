using System.Security.Claims;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Storage;
using FunAsr.QaBot.Telemetry;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.QaBot.Compliance;

/// <summary>
/// <c>GET /api/qa/lectures/{id}/clear</c>: the clear text a redacted lecture keeps, for those who may read the lecture and
/// hold at least <c>QaBot:Compliance:ClearTextRole</c> (admin unless configured). Everyone else reads the masked lecture.
/// </summary>
public static class ClearTextEndpoints
{
    public static RouteGroupBuilder MapClearTextEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/qa/lectures").WithTags("Compliance").RequireRole(Roles.Employee);
        group.MapGet("/{id}/clear", GetAsync)
            .WithSummary("The clear text of a redacted lecture, for the roles allowed to see it")
            .WithDescription("Each view is recorded in the compliance audit trail before the text is returned.");
        return group;
    }

    private static async Task<Results<Ok<ClearTextView>, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, LectureStore store, ClearTextAccessLog log, IOptions<QaBotOptions> options)
    {
        using var span = QaTelemetry.Source.StartActivity("qabot.cleartext.view");
        span?.SetTag("qabot.lecture.id", id);
        if (await LectureEndpoints.VisibleAsync(id, user, store) is not { } lecture)
        {
            return LectureEndpoints.NotFound(id);
        }
        var caller = Caller.Of(user);
        var role = options.Value.Compliance.ClearTextRole;
        if (!caller.IsAtLeast(role))
        {
            return TypedResults.Problem($"The clear text of a redacted lecture is shown only to {role} users; this lecture reads masked for you.",
                statusCode: StatusCodes.Status403Forbidden, title: "Clear text not allowed");
        }
        if (await store.GetClearTextAsync(lecture.Id) is not { } clear)
        {
            return TypedResults.Problem($"Lecture '{lecture.Id}' keeps no clear text: it was not redacted, or the deployment keeps no clear copy.",
                statusCode: StatusCodes.Status404NotFound, title: "No clear text");
        }
        string recordedAs;
        try
        {
            recordedAs = await log.RecordAsync(caller, lecture);
        }
        catch (RedisException ex)
        {
            // Shown only once recorded: an outage, or a write Redis refuses, withholds the text.
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            return TypedResults.Problem("The view could not be recorded in the audit trail, so the clear text is not shown; try again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Audit trail unavailable");
        }
        span?.SetTag("qabot.cleartext.recorded_as", recordedAs);
        return TypedResults.Ok(new ClearTextView(lecture.Id, lecture.Title, clear.Text, clear.Segments, clear.StoredAt, recordedAs));
    }
}
