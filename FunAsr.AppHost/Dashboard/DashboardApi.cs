using System.Text.Json;
using FunAsr.AppHost.Orchestration;
using FunAsr.AppHost.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FunAsr.AppHost.Dashboard;

/// <summary>The JSON API behind the dashboard pages (documented in docs/dashboard.md).</summary>
public static class DashboardApi
{
    private const int DefaultLimit = 200;
    private const int MaxLimit = 5000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapDashboardApi(this IEndpointRouteBuilder endpoints, string host, Orchestrator orchestrator, TelemetryStore store)
    {
        var api = endpoints.MapGroup("/api").RequireHost(host);
        api.MapResourceApi(orchestrator);
        api.MapTelemetryApi(store);
    }

    /// <summary><c>/resources</c>: replica facts, start/stop/restart commands and console output.</summary>
    public static void MapResourceApi(this IEndpointRouteBuilder api, Orchestrator orchestrator)
    {
        var resources = api.MapGroup("/resources");
        resources.MapGet("/", () => orchestrator.Replicas.Select(ReplicaFacts.From));
        resources.MapPost("/{name}/{command}", (string name, string command) =>
        {
            var targets = orchestrator.ReplicasOf(name).ToList();
            if (targets.Count == 0)
            {
                return Results.Problem(statusCode: 404, title: "Unknown resource", detail: $"No resource or replica is named '{name}'.");
            }
            Action<ReplicaSupervisor>? act = command switch
            {
                "start" => r => r.Start(),
                "stop" => r => r.Stop(),
                "restart" => r => r.Restart(),
                _ => null,
            };
            if (act is null)
            {
                return Results.Problem(statusCode: 400, title: "Unknown command", detail: $"'{command}' is not one of start, stop, restart.");
            }
            targets.ForEach(act);
            return Results.Accepted(value: targets.Select(ReplicaFacts.From));
        });
        resources.MapGet("/{name}/console", (string name, int? last) =>
        {
            var targets = orchestrator.ReplicasOf(name).ToList();
            return targets.Count == 0
                ? Results.Problem(statusCode: 404, title: "Unknown resource", detail: $"No resource or replica is named '{name}'.")
                : Results.Ok(targets
                    .SelectMany(r => r.Log.Snapshot(Math.Clamp(last ?? 500, 1, MaxLimit)).Select(l => ConsoleLineDto.From(r, l)))
                    .OrderBy(l => l.Time));
        });
        resources.MapGet("/{name}/console/stream", StreamConsoleAsync);
    }

    /// <summary><c>/traces</c>, <c>/logs</c> and <c>/metrics</c> over the telemetry store.</summary>
    public static void MapTelemetryApi(this IEndpointRouteBuilder api, TelemetryStore store)
    {

        api.MapGet("/traces", (string? service, string? q, int? limit, int? minSpans) =>
            store.Traces(Blank(service), Blank(q), Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit), Math.Max(minSpans ?? 1, 1)));
        api.MapGet("/traces/{traceId}", (string traceId) =>
            store.Trace(traceId) is { } spans
                ? Results.Ok(new { traceId = traceId.ToLowerInvariant(), spans })
                : Results.Problem(statusCode: 404, title: "Unknown trace", detail: $"No spans of trace '{traceId}' are in the store."));

        api.MapGet("/logs", (string? service, string? severity, string? q, string? traceId, long? after, int? limit) =>
        {
            var minimum = MinimumSeverity(severity);
            return minimum is null
                ? Results.Problem(statusCode: 400, title: "Unknown severity", detail: "Use Trace, Debug, Information, Warning, Error or Critical.")
                : Results.Ok(store.Logs(Blank(service), minimum.Value, Blank(q), Blank(traceId), after ?? 0, Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit)));
        });

        api.MapGet("/metrics", () => store.Series(null, null)
            .Select(s => new { s.Service, s.InstanceId, s.Name, s.Unit, s.Description, s.Kind, Points = s.Points.Count }));
        api.MapGet("/metrics/series", (string name, string? service) =>
            store.Series(name, Blank(service)).Select(s => new
            {
                s.Service, s.InstanceId, s.Name, s.Unit, s.Kind,
                Points = MetricRates.Derive(s.Points),
            }));
    }

    private static async Task StreamConsoleAsync(string name, HttpContext context, Orchestrator orchestrator)
    {
        var replica = orchestrator.ReplicasOf(name).FirstOrDefault();
        if (replica is null)
        {
            await Results.Problem(statusCode: 404, title: "Unknown resource", detail: $"No resource or replica is named '{name}'.").ExecuteAsync(context);
            return;
        }
        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await foreach (var line in replica.Log.FollowAsync(context.RequestAborted))
            {
                var data = JsonSerializer.Serialize(ConsoleLineDto.From(replica, line), Json);
                await context.Response.WriteAsync($"id: {line.Sequence}\nevent: line\ndata: {data}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser closed the stream.
        }
    }

    private static int? MinimumSeverity(string? name) => Blank(name)?.ToLowerInvariant() switch
    {
        null or "trace" => 0,
        "debug" => 5,
        "information" or "info" => 9,
        "warning" or "warn" => 13,
        "error" => 17,
        "critical" or "fatal" => 21,
        _ => null,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private sealed record ConsoleLineDto(string Replica, long Sequence, DateTimeOffset Time, string Text, bool IsError)
    {
        public static ConsoleLineDto From(ReplicaSupervisor replica, ConsoleLine line) =>
            new(replica.Plan.Name, line.Sequence, line.Timestamp, AnsiText.Strip(line.Text), line.IsError);
    }
}

/// <summary>Per-interval rates and means from exported points: requests per second and the mean value (such as RTF) of each interval.</summary>
internal static class MetricRates
{
    public sealed record DerivedPoint(DateTimeOffset Time, double Value, double? Rate, double? Mean);

    public static IReadOnlyList<DerivedPoint> Derive(IReadOnlyList<MetricPoint> points)
    {
        var derived = new List<DerivedPoint>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            double? rate = null, mean = null;
            if (i > 0 && point.Time > points[i - 1].Time)
            {
                var seconds = (point.Time - points[i - 1].Time).TotalSeconds;
                var count = point.IsCumulative ? point.Count - points[i - 1].Count : point.Count;
                var sum = point.IsCumulative ? point.Sum - points[i - 1].Sum : point.Sum;
                if (count >= 0)
                {
                    rate = count / seconds;
                    mean = count > 0 ? sum / count : null;
                }
            }
            derived.Add(new DerivedPoint(point.Time, point.Value, rate, mean));
        }
        return derived;
    }
}
