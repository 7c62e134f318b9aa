using FunAsr.AppHost.Telemetry;
using FunAsr.Tests.Dashboard;
using FunAsr.Tests.ServiceDefaults;

namespace FunAsr.Tests.AppHost;

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set (as the AppHost sets it), ServiceDefaults exports spans over OTLP.</summary>
public sealed class ServiceDefaultsTelemetryTests
{
    [Fact]
    public async Task Request_spans_reach_the_otlp_receiver_and_health_probes_do_not()
    {
        await using var receiver = await OtlpReceiverHost.StartAsync();
        await using var service = await ServiceDefaultsHost.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={OtlpReceiverHost.ApiKey}",
            ["OTEL_SERVICE_NAME"] = "qabot",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        using var client = service.CreateClient();

        (await client.GetAsync("/health")).EnsureSuccessStatusCode();
        (await client.GetAsync("/alive")).EnsureSuccessStatusCode();
        using var page = await client.GetAsync("/does-not-exist");

        // The test's own HttpClient spans are exported from this process too, so wait for the server span itself.
        List<SpanRecord> Spans() => receiver.Store.Traces("qabot", null, 100).SelectMany(t => receiver.Store.Trace(t.TraceId)!).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Spans().Any(s => s.Kind == "Server") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var spans = Spans();
        Assert.Contains(spans, s => s.Service == "qabot" && s.Kind == "Server"
                                    && s.Attributes.Any(a => a.Key == "url.path" && a.Value == "/does-not-exist"));
        Assert.DoesNotContain(spans, s => s.Attributes.Any(a => a.Key == "url.path" && a.Value is "/health" or "/alive"));
    }
}
