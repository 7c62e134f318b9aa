using FunAsr.Tests.Dashboard;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FunAsr.Tests.AppHost;

/// <summary>With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set (as the AppHost sets it), ServiceDefaults exports spans over OTLP.</summary>
public sealed class ServiceDefaultsTelemetryTests
{
    [Fact]
    public async Task Request_spans_reach_the_otlp_receiver_and_health_probes_do_not()
    {
        await using var receiver = await OtlpReceiverHost.StartAsync();
        await using var factory = new WebApplicationFactory<FunAsr.QaBot.Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Url);
            web.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            web.UseSetting("OTEL_EXPORTER_OTLP_HEADERS", $"x-otlp-api-key={OtlpReceiverHost.ApiKey}");
            web.UseSetting("OTEL_SERVICE_NAME", "qabot");
            web.UseSetting("OTEL_BSP_SCHEDULE_DELAY", "100");
        });
        using var client = factory.CreateClient();

        (await client.GetAsync("/health")).EnsureSuccessStatusCode();
        (await client.GetAsync("/alive")).EnsureSuccessStatusCode();
        using var page = await client.GetAsync("/does-not-exist");

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (receiver.Store.Traces("qabot", "GET", 10).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var traces = receiver.Store.Traces("qabot", null, 100);
        var spans = traces.SelectMany(t => receiver.Store.Trace(t.TraceId)!).ToList();
        Assert.Contains(spans, s => s.Service == "qabot" && s.Kind == "Server"
                                    && s.Attributes.Any(a => a.Key == "url.path" && a.Value == "/does-not-exist"));
        Assert.DoesNotContain(spans, s => s.Attributes.Any(a => a.Key == "url.path" && a.Value is "/health" or "/alive"));
    }
}
