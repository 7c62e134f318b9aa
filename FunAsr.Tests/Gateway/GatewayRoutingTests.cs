using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace FunAsr.Tests.Gateway;

/// <summary>The real gateway in front of real HTTP stand-ins for two ASR replicas and the Q&amp;A service.</summary>
public sealed class GatewayRoutingTests : IAsyncLifetime
{
    private StandInService _asrA = null!;
    private StandInService _asrB = null!;
    private StandInService _qabot = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _asrA = await StandInService.StartAsync("asr-a");
        _asrB = await StandInService.StartAsync("asr-b");
        _qabot = await StandInService.StartAsync("qabot");
        _gateway = new GatewayHost([_asrA, _asrB], _qabot);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _asrA.DisposeAsync();
        await _asrB.DisposeAsync();
        await _qabot.DisposeAsync();
    }

    [Theory]
    [InlineData("/v1/models", "asr")]
    [InlineData("/v1/audio/transcriptions", "asr")]
    [InlineData("/api/asr/jobs/42", "asr")]
    [InlineData("/api/asr/recordings/lecture-1", "asr")]
    [InlineData("/api/qa/lectures", "qabot")]
    [InlineData("/api/qa/ask", "qabot")]
    public async Task Each_route_reaches_its_service_with_the_path_unchanged(string path, string expectedService)
    {
        using var client = _gateway.Client();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = await response.Content.ReadFromJsonAsync<Echo>();
        Assert.StartsWith(expectedService, echo!.Service);
        Assert.Equal(path, echo.Path);
    }

    [Fact]
    public async Task Paths_outside_the_public_routes_are_not_forwarded()
    {
        using var client = _gateway.Client();
        using var response = await client.GetAsync("/internal/admin");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, _asrA.Count() + _asrB.Count() + _qabot.Count());
    }

    [Fact]
    public async Task Requests_are_spread_over_both_asr_replicas()
    {
        using var client = _gateway.Client();
        for (var i = 0; i < 10; i++)
        {
            using var response = await client.GetAsync("/v1/models");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(5, _asrA.Count());
        Assert.Equal(5, _asrB.Count());
    }

    [Fact]
    public async Task A_stopped_replica_is_skipped_once_its_health_probe_fails()
    {
        using var client = _gateway.Client();
        using (var warmUp = await client.GetAsync("/v1/models"))
        {
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        }
        await _asrB.StopAsync();
        await WaitUntilAsync(() => ActiveHealthOf(_asrB) == DestinationHealth.Unhealthy, TimeSpan.FromSeconds(15));
        var beforeA = _asrA.Count();

        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync("/api/asr/jobs/1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(beforeA + 6, _asrA.Count());
    }

    [Fact]
    public async Task The_service_sees_forwarded_headers_and_the_request_id_but_not_the_key()
    {
        using var client = _gateway.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/qa/lectures");
        request.Headers.Add("X-Request-Id", "req-abc-123");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayHost.Key);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("req-abc-123", response.Headers.GetValues("X-Request-Id").Single());
        var seen = Assert.Single(_qabot.Seen);
        Assert.Equal("req-abc-123", seen.Headers["X-Request-Id"]);
        Assert.Equal("127.0.0.1", seen.Headers["X-Forwarded-For"]);
        Assert.Equal("http", seen.Headers["X-Forwarded-Proto"]);
        Assert.False(seen.Headers.ContainsKey("Authorization"));
        Assert.False(seen.Headers.ContainsKey("X-Api-Key"));
    }

    [Fact]
    public async Task A_request_without_an_id_gets_one_that_the_service_also_sees()
    {
        using var client = _gateway.Client();
        using var response = await client.GetAsync("/api/qa/lectures");

        var issued = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Matches("^[0-9a-f]{32}$", issued);
        Assert.Equal(issued, Assert.Single(_qabot.Seen).Headers["X-Request-Id"]);
    }

    [Fact]
    public async Task The_trace_continues_across_the_hop()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        // The gateway's tracing listens in this process too; keep the test's own client from rewriting the header.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = _gateway.Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", GatewayHost.Key);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/qa/lectures");
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var traceparent = Assert.Single(_qabot.Seen).Headers["traceparent"].Split('-');
        Assert.Equal(traceId.ToString(), traceparent[1]);
        Assert.NotEqual(callerSpan.ToString(), traceparent[2]);
    }

    [Fact]
    public async Task Authentication_is_a_span_that_names_the_key_without_revealing_it()
    {
        var spans = new System.Collections.Concurrent.ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "FunAsr.Gateway",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var client = _gateway.Client(GatewayHost.OtherKey);
        using var response = await client.GetAsync("/api/qa/lectures");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var span = spans.First(s => s.OperationName == "gateway.authenticate" && (string?)s.GetTagItem("gateway.key") == "key-1");
        Assert.Equal("accepted", span.GetTagItem("gateway.auth.result"));
        Assert.DoesNotContain(span.TagObjects, tag => tag.Value?.ToString()?.Contains(GatewayHost.OtherKey) == true);
    }

    [Fact]
    public async Task Websockets_pass_through_to_the_stream_endpoint_with_a_header_or_query_key()
    {
        var wsBase = new UriBuilder(_gateway.Address) { Scheme = "ws" }.Uri;

        using (var withHeader = new ClientWebSocket())
        {
            withHeader.Options.SetRequestHeader("X-Api-Key", GatewayHost.Key);
            await withHeader.ConnectAsync(new Uri(wsBase, "/api/asr/stream"), CancellationToken.None);
            Assert.StartsWith("asr-", await RoundTripAsync(withHeader, "hello"));
        }

        using var withQuery = new ClientWebSocket();
        await withQuery.ConnectAsync(new Uri(wsBase, $"/api/asr/stream?api_key={GatewayHost.Key}"), CancellationToken.None);
        Assert.EndsWith(":hello", await RoundTripAsync(withQuery, "hello"));
        Assert.All(_asrA.Seen.Concat(_asrB.Seen), seen => Assert.DoesNotContain("api_key", seen.PathAndQuery));
    }

    [Fact]
    public async Task A_websocket_without_a_key_is_refused()
    {
        var wsBase = new UriBuilder(_gateway.Address) { Scheme = "ws" }.Uri;
        using var socket = new ClientWebSocket();
        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(wsBase, "/api/asr/stream"), CancellationToken.None));
        Assert.Contains("401", error.Message);
    }

    [Fact]
    public async Task Job_events_stream_through_without_being_buffered()
    {
        var secondEventAllowed = new TaskCompletionSource();
        await using var asr = await StandInService.StartAsync("asr-events", app => app.MapGet("/api/asr/jobs/{id}/events", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("event: progress\ndata: {\"done\":1,\"total\":2}\n\n");
            await context.Response.Body.FlushAsync();
            await secondEventAllowed.Task.WaitAsync(TimeSpan.FromSeconds(20));
            await context.Response.WriteAsync("event: completed\ndata: {}\n\n");
        }));
        await using var gateway = new GatewayHost([asr], _qabot);
        using var client = gateway.Client();

        using var response = await client.GetAsync("/api/asr/jobs/7/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("event: progress", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(secondEventAllowed.Task.IsCompleted);
        secondEventAllowed.SetResult();
        Assert.Contains("event: completed", await reader.ReadToEndAsync());
    }

    private static async Task<string> RoundTripAsync(ClientWebSocket socket, string text)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        return Encoding.UTF8.GetString(buffer, 0, received.Count);
    }

    private DestinationHealth ActiveHealthOf(StandInService replica)
    {
        var proxy = _gateway.Services.GetRequiredService<IProxyStateLookup>();
        Assert.True(proxy.TryGetCluster("asr", out var cluster));
        var destination = cluster.Destinations.Values.Single(d => d.Model.Config.Address.TrimEnd('/') == replica.Address.ToString().TrimEnd('/'));
        return destination.Health.Active;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(100);
        }
    }

    private sealed record Echo(string Service, string Path, string Method, long Bytes);
}
