using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using FunAsr.Security.Limits;
using FunAsr.Tests.Gateway;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Security;

/// <summary>Limits by cost through the real gateway, kept in a real Redis shared by two gateway replicas.</summary>
public sealed class CostLimitTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private StandInService _asr = null!;
    private StandInService _qabot = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _asr = await StandInService.StartAsync("asr");
        _qabot = await StandInService.StartAsync("qabot");
    }

    public async Task DisposeAsync()
    {
        await _asr.DisposeAsync();
        await _qabot.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:cache"] = _redis.ConnectionString };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    [Fact]
    public async Task The_requests_per_minute_of_a_key_hold_across_two_gateway_replicas()
    {
        var settings = Settings(("Gateway:Quotas:admin:RequestsPerMinute", "3"));
        await using var replicaA = new GatewayHost([_asr], _qabot, settings);
        await using var replicaB = new GatewayHost([_asr], _qabot, settings);
        using var a = replicaA.Client();
        using var b = replicaB.Client();

        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/qa/lectures")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/api/qa/lectures")).StatusCode);
        using var third = await a.GetAsync("/api/qa/lectures");
        Assert.Equal("0", third.Headers.GetValues("RateLimit-Remaining").Single());
        using var refused = await b.GetAsync("/api/qa/lectures");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        // Another key has its own budget.
        using var other = replicaB.Client(GatewayHost.OtherKey);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/qa/lectures")).StatusCode);
    }

    [Fact]
    public async Task Audio_routes_are_refused_once_the_hours_audio_is_spent_while_questions_still_pass()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, Settings(("Gateway:Quotas:employee:AudioSecondsPerHour", "600")), withKeys: false);
        var account = await gateway.CreateAccountAsync("listener", "employee");
        using var client = await gateway.SignedInClientAsync("listener");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/qa/ask/voice", new ByteArrayContent(new byte[100]))).StatusCode);

        // What a service does once it has decoded the caller's audio.
        var store = gateway.Services.GetRequiredService<ILimitStore>();
        await store.ChargeAsync(LimitNames.AudioSeconds, [new LimitSubject(account.Id, 600)], 600, LimitNames.AudioWindow);

        using var refused = await client.PostAsync("/v1/audio/transcriptions", new ByteArrayContent(new byte[100]));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("audio_quota_exceeded", error.GetProperty("code").GetString());
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 3000, 3600);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/qa/ask", new { question = "still fine?" })).StatusCode);
    }

    [Fact]
    public async Task A_second_live_stream_beyond_the_roles_limit_is_refused_until_the_first_closes()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, Settings(("Gateway:Quotas:admin:ConcurrentLiveStreams", "1")));
        var uri = new UriBuilder(gateway.Address) { Scheme = "ws", Path = "/api/asr/stream", Query = $"api_key={GatewayHost.Key}" }.Uri;
        using var first = new ClientWebSocket();
        await first.ConnectAsync(uri, CancellationToken.None);

        using var second = new ClientWebSocket();
        second.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => second.ConnectAsync(uri, CancellationToken.None));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.HttpStatusCode);

        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        using var third = new ClientWebSocket();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await third.ConnectAsync(uri, CancellationToken.None);
                break;
            }
            catch (WebSocketException) when (attempt < 20)
            {
                // The gateway releases the slot once the proxied tunnel has finished closing.
                await Task.Delay(100);
            }
        }
        Assert.Equal(WebSocketState.Open, third.State);
    }

    [Fact]
    public async Task With_redis_down_limited_requests_get_503_in_words_not_a_free_pass()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = $"127.0.0.1:{RedisServer.FreeTcpPort()},abortConnect=false,connectTimeout=200,syncTimeout=300,asyncTimeout=300",
        });
        using var client = gateway.Client();
        using var response = await client.GetAsync("/api/qa/lectures");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("limits_unavailable", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, _qabot.Count());
    }
}
