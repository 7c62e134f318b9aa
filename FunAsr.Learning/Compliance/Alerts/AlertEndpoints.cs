using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunAsr.Learning.Compliance.Alerts;

/// <summary>
/// <c>/api/compliance/alerts</c>: the inbox of compliance users (admins), its live stream (server-sent events, resumable
/// with Last-Event-ID), acknowledgement; <c>/findings</c> is where producers report what they found.
/// </summary>
public static class AlertEndpoints
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Ping = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapAlertEndpoints(this RouteGroupBuilder compliance)
    {
        var alerts = compliance.MapGroup("/alerts").RequireRole(Roles.Admin);
        alerts.MapGet("/", ListAsync);
        alerts.MapGet("/stream", Stream);
        alerts.MapPost("/{id:guid}/acknowledge", AcknowledgeAsync);
        // Producers (the ASR service, the Q&A service, a job) sign in as a service with at least the content role.
        compliance.MapPost("/findings", RaiseAsync).RequireRole(Roles.Content);
        return compliance;
    }

    private static async Task<Ok<IReadOnlyList<AlertView>>> ListAsync(AlertService alerts, long? after, bool? acknowledged, string? sourceId, int? count,
        CancellationToken cancellationToken)
    {
        var take = count ?? 100;
        if (take is < 1 or > 1000)
        {
            throw new ComplianceValidationException("count must be between 1 and 1000.");
        }
        return TypedResults.Ok(await alerts.ListAsync(after, acknowledged, sourceId, take, cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<AlertView>>> RaiseAsync(IReadOnlyList<FindingReport> findings, AlertService alerts, HttpContext context,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await alerts.RaiseAsync(findings ?? [], AuditActor.Of(Caller.From(context.User)!), cancellationToken));

    private static async Task<Ok<AlertView>> AcknowledgeAsync(Guid id, AcknowledgeRequest? request, AlertService alerts, HttpContext context,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await alerts.AcknowledgeAsync(id, request?.Note, AuditActor.Of(Caller.From(context.User)!), cancellationToken));

    /// <summary>New alerts as they are raised (event <c>alert</c>, id = its sequence); <c>ping</c> every 15 s keeps proxies from closing it.</summary>
    private static ServerSentEventsResult<AlertView?> Stream(HttpContext context, IServiceScopeFactory scopes, AlertNotifier notifier, TimeProvider time, long? after)
    {
        long? resume = long.TryParse(context.Request.Headers["Last-Event-ID"].ToString(), out var lastId) ? lastId : after;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(Events(scopes, notifier, time, resume, context.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<AlertView?>> Events(IServiceScopeFactory scopes, AlertNotifier notifier, TimeProvider time, long? after,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long cursor;
        await using (var scope = scopes.CreateAsyncScope())
        {
            cursor = after ?? await scope.ServiceProvider.GetRequiredService<AlertService>().LastSequenceAsync(cancellationToken);
        }
        yield return new SseItem<AlertView?>(null, "ready") { EventId = cursor.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var lastSent = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<AlertView> fresh;
            await using (var scope = scopes.CreateAsyncScope())
            {
                fresh = await scope.ServiceProvider.GetRequiredService<AlertService>().ListAsync(cursor, null, null, 200, cancellationToken);
            }
            foreach (var alert in fresh)
            {
                cursor = alert.Sequence;
                lastSent = time.GetUtcNow();
                yield return new SseItem<AlertView?>(alert, "alert") { EventId = alert.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }
            if (fresh.Count == 200)
            {
                continue;
            }
            if (time.GetUtcNow() - lastSent >= Ping)
            {
                lastSent = time.GetUtcNow();
                yield return new SseItem<AlertView?>(null, "ping");
            }
            await notifier.WaitAsync(Poll, time, cancellationToken);
        }
    }
}
