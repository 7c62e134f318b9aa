using System.Security.Claims;
using FunAsr.Learning.Data;
using FunAsr.Learning.Errors;
using FunAsr.Learning.Lectures;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Knowledge;

public sealed record LectureListItem(string Id, string Title, string Language, double Duration, long Revision, int Points, DateTime IndexedAt);

/// <summary>The knowledge graph, where concepts are taught, prerequisites, and the lectures the learning layer knows.</summary>
public static class KnowledgeEndpoints
{
    public static RouteGroupBuilder MapKnowledgeEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/graph", GraphAsync).WithSummary("Knowledge points (nodes) and prerequisite and related edges");
        api.MapGet("/points/{id:int}", PointAsync).WithSummary("A knowledge point: where it is taught, its prerequisites");
        api.MapGet("/lectures", LecturesAsync).WithSummary("Lectures the learning layer has indexed");
        api.MapPost("/lectures/{id}/index", IndexAsync).RequireRole(Roles.Content).WithSummary("Index (again) a lecture from the Q&A service");
        var prerequisites = api.MapGroup("/prerequisites").RequireRole(Roles.Content);
        prerequisites.MapGet("/", EdgesAsync).WithSummary("Prerequisite edges, suggested first by evidence");
        prerequisites.MapPost("/", AddAsync).WithSummary("Add a confirmed prerequisite by hand");
        prerequisites.MapPost("/{id:int}/decision", DecideAsync).WithSummary("Confirm or reject a suggested prerequisite");
        return api;
    }

    private static async Task<Ok<KnowledgeGraphView>> GraphAsync(ClaimsPrincipal user, KnowledgeGraph graph, string? lectureId, bool? includeRejected, CancellationToken cancellationToken) =>
        TypedResults.Ok(await graph.GraphAsync(Caller.Of(user), lectureId, includeRejected ?? false, cancellationToken));

    private static async Task<Ok<PointDetail>> PointAsync(int id, KnowledgeGraph graph, CancellationToken cancellationToken) =>
        TypedResults.Ok(await graph.PointAsync(id, cancellationToken));

    private static async Task<Ok<List<LectureListItem>>> LecturesAsync(LearningDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Lectures.OrderBy(l => l.Order)
            .Select(l => new LectureListItem(l.Id, l.Title, l.Language, l.Duration, l.Revision, db.KnowledgeSources.Count(s => s.LectureId == l.Id), l.IndexedAt))
            .ToListAsync(cancellationToken));

    private static async Task<Ok<IndexResult>> IndexAsync(string id, LectureFeed feed, KnowledgeIndexer indexer, CancellationToken cancellationToken)
    {
        var content = await feed.GetAsync(id, cancellationToken) ?? throw new NotFoundException("lecture_not_found", $"No lecture with id '{id}'.");
        return TypedResults.Ok(await indexer.IndexAsync(content, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<EdgeView>>> EdgesAsync(KnowledgeGraph graph, string? status, CancellationToken cancellationToken) =>
        TypedResults.Ok(await graph.EdgesAsync(status, cancellationToken));

    private static async Task<Created<EdgeView>> AddAsync(NewPrerequisite request, ClaimsPrincipal user, KnowledgeGraph graph, CancellationToken cancellationToken)
    {
        var edge = await graph.AddAsync(request, Caller.Of(user), cancellationToken);
        return TypedResults.Created($"/api/learning/prerequisites/{edge.Id}", edge);
    }

    private static async Task<Ok<EdgeView>> DecideAsync(int id, EdgeDecision decision, ClaimsPrincipal user, KnowledgeGraph graph, CancellationToken cancellationToken) =>
        TypedResults.Ok(await graph.DecideAsync(id, decision, Caller.Of(user), cancellationToken));
}
