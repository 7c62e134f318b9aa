using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FunAsr.AppHost.Telemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FunAsr.Tests.Dashboard;

public sealed class OtlpReceiverTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static void Configure(OtlpExporterOptions options, string url, string signal)
    {
        options.Endpoint = new Uri($"{url}/v1/{signal}");
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.Headers = $"x-otlp-api-key={OtlpReceiverHost.ApiKey}";
    }

    [Fact]
    public async Task Spans_and_logs_from_the_real_dotnet_exporter_come_back_from_the_api_with_parent_links()
    {
        await using var receiver = await OtlpReceiverHost.StartAsync();
        var resource = ResourceBuilder.CreateEmpty().AddService("exporter-test", serviceInstanceId: "abcdefgh");
        using var source = new ActivitySource("FunAsr.Tests.Exporter");
        string traceId, parentId, childId;

        using (var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(source.Name)
                   .AddOtlpExporter(o => Configure(o, receiver.Url, "traces")).Build())
        using (var logging = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
               {
                   o.SetResourceBuilder(resource);
                   o.IncludeFormattedMessage = true;
                   o.AddOtlpExporter(e => Configure(e, receiver.Url, "logs"));
               })))
        {
            var logger = logging.CreateLogger("FunAsr.Tests.Category");
            using (var parent = source.StartActivity("transcribe", ActivityKind.Server)!)
            {
                using var child = source.StartActivity("inference")!;
                child.SetTag("audio.seconds", 3.5);
                child.SetStatus(ActivityStatusCode.Error, "model failed");
                logger.LogWarning("Decoded {Frames} frames", 350);
                traceId = parent.TraceId.ToHexString();
                parentId = parent.SpanId.ToHexString();
                childId = child.SpanId.ToHexString();
            }
            Assert.True(tracing.ForceFlush(10_000));
        }

        using var http = new HttpClient { BaseAddress = new Uri(receiver.Url) };
        using var trace = JsonDocument.Parse(await http.GetStringAsync($"/api/traces/{traceId}"));
        var spans = trace.RootElement.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(2, spans.Count);
        var parentSpan = spans.Single(s => s.GetProperty("spanId").GetString() == parentId);
        var childSpan = spans.Single(s => s.GetProperty("spanId").GetString() == childId);
        Assert.Equal(JsonValueKind.Null, parentSpan.GetProperty("parentSpanId").ValueKind);
        Assert.Equal(parentId, childSpan.GetProperty("parentSpanId").GetString());
        Assert.Equal("transcribe", parentSpan.GetProperty("name").GetString());
        Assert.Equal("Server", parentSpan.GetProperty("kind").GetString());
        Assert.Equal("exporter-test", childSpan.GetProperty("service").GetString());
        Assert.Equal("abcdefgh", childSpan.GetProperty("instanceId").GetString());
        Assert.Equal("Error", childSpan.GetProperty("status").GetString());
        Assert.Equal("model failed", childSpan.GetProperty("statusMessage").GetString());
        Assert.Contains(childSpan.GetProperty("attributes").EnumerateArray(),
            a => a.GetProperty("key").GetString() == "audio.seconds" && a.GetProperty("value").GetString() == "3.5");

        var summaries = JsonSerializer.Deserialize<List<TraceSummary>>(await http.GetStringAsync("/api/traces?service=exporter-test"), Json)!;
        var summary = Assert.Single(summaries);
        Assert.Equal("transcribe", summary.RootName);
        Assert.Equal(1, summary.ErrorCount);
        Assert.Single(JsonSerializer.Deserialize<List<TraceSummary>>(await http.GetStringAsync("/api/traces?minSpans=2"), Json)!);
        Assert.Empty(JsonSerializer.Deserialize<List<TraceSummary>>(await http.GetStringAsync("/api/traces?minSpans=3"), Json)!);

        using var logs = JsonDocument.Parse(await http.GetStringAsync($"/api/logs?traceId={traceId}"));
        var log = Assert.Single(logs.RootElement.EnumerateArray());
        Assert.Equal("Decoded 350 frames", log.GetProperty("message").GetString());
        Assert.Equal("Warning", log.GetProperty("severity").GetString());
        Assert.Equal(childId, log.GetProperty("spanId").GetString());
        Assert.Equal("FunAsr.Tests.Category", log.GetProperty("category").GetString());
    }

    [Fact]
    public async Task Malformed_wrong_type_oversized_and_unauthorised_bodies_are_rejected_and_the_receiver_keeps_serving()
    {
        await using var receiver = await OtlpReceiverHost.StartAsync(new TelemetryLimits { MaxRequestBytes = 1024 });
        using var http = new HttpClient { BaseAddress = new Uri(receiver.Url) };

        async Task<HttpStatusCode> Post(string path, byte[] body, string contentType, string? encoding = null, string key = OtlpReceiverHost.ApiKey)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (encoding is not null)
            {
                content.Headers.ContentEncoding.Add(encoding);
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
            request.Headers.Add("x-otlp-api-key", key);
            using var response = await http.SendAsync(request);
            if ((int)response.StatusCode >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
            return response.StatusCode;
        }

        var truncated = new byte[] { 0x0A, 0xFF, 0xFF, 0x03, 0x01 };
        var garbage = Enumerable.Repeat((byte)0xFF, 64).ToArray();
        foreach (var signal in new[] { "traces", "logs", "metrics" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, await Post($"/v1/{signal}", truncated, "application/x-protobuf"));
            Assert.Equal(HttpStatusCode.BadRequest, await Post($"/v1/{signal}", garbage, "application/x-protobuf"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Post($"/v1/{signal}", "{}"u8.ToArray(), "application/json"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, await Post($"/v1/{signal}", [], "text/plain"));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await Post($"/v1/{signal}", new byte[4096], "application/x-protobuf"));
            Assert.Equal(HttpStatusCode.Unauthorized, await Post($"/v1/{signal}", [], "application/x-protobuf", key: "wrong"));
        }
        Assert.Equal(HttpStatusCode.BadRequest, await Post("/v1/traces", [1, 2, 3, 4], "application/x-protobuf", "gzip"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await Post("/v1/traces", Gzip(new byte[1_000_000]), "application/x-protobuf", "gzip"));

        // Still serving: an empty export request (valid protobuf) is accepted, gzipped or not.
        Assert.Equal(HttpStatusCode.OK, await Post("/v1/traces", [], "application/x-protobuf"));
        Assert.Equal(HttpStatusCode.OK, await Post("/v1/logs", Gzip([]), "application/x-protobuf", "gzip"));
        Assert.Equal(0, receiver.Store.SpanCount);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
