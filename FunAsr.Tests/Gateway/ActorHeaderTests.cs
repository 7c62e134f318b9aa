using System.Net;

namespace FunAsr.Tests.Gateway;

/// <summary>The gateway tells the services who a request acts for (the key's name), and a client cannot claim to be someone else.</summary>
public sealed class ActorHeaderTests : IAsyncLifetime
{
    private StandInService _asr = null!;
    private StandInService _qabot = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _asr = await StandInService.StartAsync("asr");
        _qabot = await StandInService.StartAsync("qabot");
        _gateway = new GatewayHost([_asr], _qabot);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _asr.DisposeAsync();
        await _qabot.DisposeAsync();
    }

    [Fact]
    public async Task The_actor_header_carries_the_keys_name_whatever_the_client_sent()
    {
        using var first = _gateway.Client(GatewayHost.Key);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/qa/lectures");
        request.Headers.Add("X-FunAsr-Actor", "admin");
        Assert.Equal(HttpStatusCode.OK, (await first.SendAsync(request)).StatusCode);
        using var second = _gateway.Client(GatewayHost.OtherKey);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/qa/lectures")).StatusCode);

        var seen = _qabot.Seen.Where(r => r.PathAndQuery == "/api/qa/lectures").ToList();
        Assert.Equal(["configured%20key-0", "configured%20key-1"], seen.Select(r => r.Headers["X-FunAsr-Actor"]));
    }
}
