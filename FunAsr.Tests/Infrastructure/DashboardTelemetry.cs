using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace FunAsr.Tests.Infrastructure;

/// <summary>One span as the Aspire dashboard's telemetry API returns it (OTLP JSON, flattened).</summary>
public sealed record DashboardSpan(string Service, string Scope, string Name, string Kind, string TraceId, string SpanId, string? ParentSpanId);

/// <summary>Reads traces from the Aspire dashboard the stack runs (<c>/api/telemetry/traces</c>).</summary>
public static class DashboardTelemetry
{
    /// <summary>
    /// Starts a trace of the test's own: requests sent while it is current carry its trace id. A traceparent header set by
    /// hand is not enough, since another test's OpenTelemetry in this process may make HttpClient start a new trace.
    /// </summary>
    public static Activity StartTrace()
    {
        var activity = new Activity("stack-test");
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        return activity.Start();
    }

    public static async Task<IReadOnlyList<DashboardSpan>> TraceAsync(HttpClient dashboard, string traceId)
    {
        using var response = await dashboard.GetAsync($"/api/telemetry/traces/{traceId}");
        return response.IsSuccessStatusCode ? [.. Spans(await response.Content.ReadFromJsonAsync<JsonElement>())] : [];
    }

    /// <summary>The first span of each of the latest traces (up to <paramref name="limit"/>).</summary>
    public static async Task<IReadOnlyList<DashboardSpan>> RootSpansAsync(HttpClient dashboard, int limit = 500)
    {
        var body = await dashboard.GetFromJsonAsync<JsonElement>($"/api/telemetry/traces?limit={limit}");
        return [.. Spans(body).Where(s => s.ParentSpanId is null)];
    }

    /// <summary>Polls until the trace's spans satisfy <paramref name="complete"/> (exporters batch, so spans arrive over seconds).</summary>
    public static async Task<IReadOnlyList<DashboardSpan>> WaitForTraceAsync(StackFixture stack, string traceId,
        Func<IReadOnlyList<DashboardSpan>, bool> complete, TimeSpan timeout)
    {
        using var dashboard = stack.CreateDashboardApiClient();
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<DashboardSpan> spans = [];
        while (DateTime.UtcNow < deadline)
        {
            spans = await TraceAsync(dashboard, traceId);
            if (complete(spans))
            {
                return spans;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"Trace {traceId} incomplete after {timeout.TotalSeconds} s: {string.Join(", ", spans.Select(s => $"{s.Service}:{s.Name}"))}");
    }

    /// <summary>Every span under any <c>resourceSpans</c> in an OTLP JSON document.</summary>
    public static IEnumerable<DashboardSpan> Spans(JsonElement document)
    {
        if (document.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in document.EnumerateObject())
            {
                if (property.NameEquals("resourceSpans"))
                {
                    foreach (var resourceSpans in property.Value.EnumerateArray())
                    {
                        var service = Attribute(resourceSpans.GetProperty("resource"), "service.name") ?? "";
                        foreach (var scopeSpans in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
                        {
                            var scope = scopeSpans.TryGetProperty("scope", out var s) && s.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                            foreach (var span in scopeSpans.GetProperty("spans").EnumerateArray())
                            {
                                yield return new DashboardSpan(service, scope, span.GetProperty("name").GetString()!, Kind(span),
                                    span.GetProperty("traceId").GetString()!, span.GetProperty("spanId").GetString()!,
                                    span.TryGetProperty("parentSpanId", out var parent) && parent.GetString() is { Length: > 0 } p ? p : null);
                            }
                        }
                    }
                }
                else
                {
                    foreach (var span in Spans(property.Value))
                    {
                        yield return span;
                    }
                }
            }
        }
        else if (document.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in document.EnumerateArray())
            {
                foreach (var span in Spans(item))
                {
                    yield return span;
                }
            }
        }
    }

    private static string Kind(JsonElement span)
    {
        if (!span.TryGetProperty("kind", out var kind))
        {
            return "INTERNAL";
        }
        // OTLP JSON writes the enum as a number (1 internal, 2 server, 3 client, 4 producer, 5 consumer) or its name.
        return kind.ValueKind == JsonValueKind.Number
            ? kind.GetInt32() switch { 2 => "SERVER", 3 => "CLIENT", 4 => "PRODUCER", 5 => "CONSUMER", _ => "INTERNAL" }
            : kind.GetString()!.Replace("SPAN_KIND_", "", StringComparison.Ordinal);
    }

    private static string? Attribute(JsonElement resource, string key)
    {
        if (!resource.TryGetProperty("attributes", out var attributes))
        {
            return null;
        }
        foreach (var attribute in attributes.EnumerateArray())
        {
            if (attribute.GetProperty("key").GetString() == key)
            {
                return attribute.GetProperty("value").TryGetProperty("stringValue", out var value) ? value.GetString() : null;
            }
        }
        return null;
    }
}
