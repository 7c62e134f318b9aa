using FunAsr.Learning.Compliance.Audit;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.Learning.Compliance.Retention;

/// <summary><c>/api/compliance/retention</c> (a period per data type) and <c>/api/compliance/holds</c> (legal holds), admins only.</summary>
public static class RetentionEndpoints
{
    public static RouteGroupBuilder MapRetentionEndpoints(this RouteGroupBuilder compliance)
    {
        var retention = compliance.MapGroup("/retention").RequireRole(Roles.Admin);
        retention.MapGet("/", PoliciesAsync);
        retention.MapPut("/{dataType}", SetAsync);
        retention.MapPost("/run", RunAsync);
        var holds = compliance.MapGroup("/holds").RequireRole(Roles.Admin);
        holds.MapGet("/", HoldsAsync);
        holds.MapPost("/", PlaceAsync);
        holds.MapPost("/{id:guid}/release", ReleaseAsync);
        return compliance;
    }

    private static AuditActor Actor(HttpContext context) => AuditActor.Of(Caller.From(context.User)!);

    private static async Task<Ok<IReadOnlyList<RetentionView>>> PoliciesAsync(RetentionService retention, CancellationToken cancellationToken) =>
        TypedResults.Ok(await retention.PoliciesAsync(cancellationToken));

    private static async Task<Ok<RetentionView>> SetAsync(string dataType, RetentionInput input, RetentionService retention, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await retention.SetPolicyAsync(dataType, input, Actor(context), cancellationToken));

    /// <summary>Runs the retention job now (it also runs on its own every <c>Compliance:Retention:Interval</c>).</summary>
    private static async Task<Ok<IReadOnlyList<RetentionRun>>> RunAsync(RetentionService retention, CancellationToken cancellationToken) =>
        TypedResults.Ok(await retention.RunAsync(cancellationToken));

    private static async Task<Ok<IReadOnlyList<HoldView>>> HoldsAsync(RetentionService retention, bool? released, CancellationToken cancellationToken) =>
        TypedResults.Ok(await retention.HoldsAsync(released ?? false, cancellationToken));

    private static async Task<Created<HoldView>> PlaceAsync(HoldInput input, RetentionService retention, HttpContext context, CancellationToken cancellationToken)
    {
        var hold = await retention.PlaceHoldAsync(input, Actor(context), cancellationToken);
        return TypedResults.Created($"/api/compliance/holds/{hold.Id}", hold);
    }

    private static async Task<Ok<HoldView>> ReleaseAsync(Guid id, RetentionService retention, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok(await retention.ReleaseHoldAsync(id, Actor(context), cancellationToken));
}
