using System.Security.Claims;
using FunAsr.Learning.Plans;
using FunAsr.Learning.Progress;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.Learning.Mastery;

/// <summary>The learner's own view: mastery, plan, watch progress, and the page's playback reports.</summary>
public static class LearnerEndpoints
{
    public static RouteGroupBuilder MapLearnerEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/me/mastery", MasteryAsync).WithSummary("Mastery per knowledge point, over time, and lecture progress");
        api.MapGet("/me/plan", PlanAsync).WithSummary("Due reviews and the next lectures to learn");
        api.MapGet("/me/progress", ProgressAsync).WithSummary("How much of each lecture has been watched");
        api.MapPost("/progress", ReportAsync).WithSummary("Report a stretch of lecture playback");
        return api;
    }

    private static async Task<Ok<MasteryReport>> MasteryAsync(ClaimsPrincipal user, MasteryQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.MineAsync(Caller.Of(user), cancellationToken));

    private static async Task<Ok<LearningPlan>> PlanAsync(ClaimsPrincipal user, PlanBuilder plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await plans.BuildAsync(Caller.Of(user), cancellationToken));

    private static async Task<Ok<IReadOnlyList<ProgressView>>> ProgressAsync(ClaimsPrincipal user, ProgressService progress, CancellationToken cancellationToken) =>
        TypedResults.Ok(await progress.MineAsync(Caller.Of(user), cancellationToken));

    private static async Task<Ok<ProgressView>> ReportAsync(ProgressReport report, ClaimsPrincipal user, ProgressService progress, CancellationToken cancellationToken) =>
        TypedResults.Ok(await progress.ReportAsync(report, Caller.Of(user), cancellationToken));
}
