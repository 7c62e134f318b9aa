using System.Security.Claims;
using System.Text.Json.Nodes;
using FunAsr.Learning.Configuration;
using FunAsr.Learning.Data;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Records;

public sealed record StatementResult(IReadOnlyList<JsonNode> Statements, string More);

public sealed record LrsStatus(bool Enabled, string? Endpoint, int Waiting, int Refused, DateTime? NextAttempt, string? LastError);

/// <summary>The learning records for admins: xAPI statement queries, voiding, and how forwarding to the LRS stands.</summary>
public static class RecordEndpoints
{
    public const string VersionHeader = "X-Experience-API-Version";

    public static RouteGroupBuilder MapRecordEndpoints(this RouteGroupBuilder api)
    {
        var records = api.MapGroup("/").RequireRole(Roles.Admin);
        records.MapGet("/statements", QueryAsync).WithSummary("xAPI statements (agent, verb, activity, registration, since, until, limit, ascending, more)");
        records.MapPost("/statements/{id:guid}/void", VoidAsync).WithSummary("Void a statement (appends a 'voided' statement)");
        records.MapGet("/lrs", StatusAsync).WithSummary("Statements waiting for the LRS");
        return api;
    }

    private static async Task<Ok<StatementResult>> QueryAsync(HttpContext context, StatementStore store,
        string? agent, string? verb, string? activity, string? registration, string? since, string? until, int? limit, bool? ascending, string? more,
        string? statementId, string? voidedStatementId, CancellationToken cancellationToken)
    {
        var query = store.ParseQuery(agent, verb, activity, registration, since, until, limit, ascending, more, statementId, voidedStatementId);
        var page = await store.QueryAsync(query, cancellationToken);
        context.Response.Headers[VersionHeader] = "1.0.3";
        var next = "";
        if (page.NextCursor is { } cursor)
        {
            var parameters = context.Request.Query.Where(q => q.Key != "more").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
            next = $"/api/learning/statements?{string.Join('&', parameters.Append($"more={cursor}"))}";
        }
        return TypedResults.Ok(new StatementResult(page.Statements, next));
    }

    private static async Task<Ok<JsonObject>> VoidAsync(Guid id, ClaimsPrincipal user, StatementStore store, StatementFactory factory, CancellationToken cancellationToken)
    {
        var caller = Caller.Of(user);
        return TypedResults.Ok(await store.VoidAsync(id, factory.Agent(caller.Subject, caller.Name), cancellationToken));
    }

    private static async Task<Ok<LrsStatus>> StatusAsync(LearningDbContext db, IOptions<LearningOptions> options, CancellationToken cancellationToken)
    {
        var lrs = options.Value.Lrs;
        var waiting = await db.Outbox.CountAsync(o => !o.Refused, cancellationToken);
        var refused = await db.Outbox.CountAsync(o => o.Refused, cancellationToken);
        var head = await db.Outbox.Where(o => !o.Refused).OrderBy(o => o.Sequence).Select(o => new { o.NextAttemptAt, o.LastError }).FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Ok(new LrsStatus(lrs.Enabled, lrs.Endpoint, waiting, refused, head?.NextAttemptAt, head?.LastError));
    }
}
