using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using FunAsr.Security.InternalTokens;
using FunAsr.Tests.Gateway;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FunAsr.Tests.Security;

/// <summary>What the gateway sends a service: a fresh signed token naming the caller, and none of the client's credentials.</summary>
public sealed class InternalTokenTests : IAsyncLifetime
{
    private StandInService _asr = null!;
    private StandInService _qabot = null!;

    public async Task InitializeAsync()
    {
        _asr = await StandInService.StartAsync("asr");
        _qabot = await StandInService.StartAsync("qabot");
    }

    public async Task DisposeAsync()
    {
        await _asr.DisposeAsync();
        await _qabot.DisposeAsync();
    }

    [Fact]
    public async Task Each_proxied_request_carries_a_short_lived_token_with_the_caller_role_department_and_request_id()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, withKeys: false);
        var account = await gateway.CreateAccountAsync("chen.jing", "employee", department: "warehouse");
        using var client = await gateway.SignedInClientAsync("chen.jing");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/qa/lectures");
        request.Headers.Add(InternalAuthentication.HeaderName, "forged-by-the-client");
        request.Headers.Add("X-Request-Id", "req-123");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

        var seen = _qabot.Seen.Single();
        Assert.False(seen.Headers.ContainsKey("Cookie"), "the session cookie must not reach the service");
        var token = await ValidateAsync(seen.Headers[InternalAuthentication.HeaderName]);
        Assert.Equal(account.Id, token.GetClaim("sub").Value);
        Assert.Equal("employee", token.GetClaim("role").Value);
        Assert.Equal("warehouse", token.GetClaim("dept").Value);
        Assert.Equal("req-123", token.GetClaim("rid").Value);
        Assert.Equal("1800", token.GetClaim("q_audio").Value);
        Assert.Equal(TimeSpan.FromMinutes(2), token.ValidTo - token.IssuedAt);
    }

    [Fact]
    public async Task A_websocket_upgrade_carries_the_token_too()
    {
        await using var gateway = new GatewayHost([_asr], _qabot);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("X-Api-Key", GatewayHost.Key);
        var uri = new UriBuilder(gateway.Address) { Scheme = "ws", Path = "/api/asr/stream" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

        var upgrade = _asr.Seen.Single(r => r.PathAndQuery.StartsWith("/api/asr/stream"));
        var token = await ValidateAsync(upgrade.Headers[InternalAuthentication.HeaderName]);
        Assert.Equal("admin", token.GetClaim("role").Value);
        Assert.Equal("key-0", token.GetClaim("key").Value);
    }

    [Fact]
    public async Task The_token_does_not_validate_under_another_key()
    {
        await using var gateway = new GatewayHost([_asr], _qabot);
        using var client = gateway.Client();
        await client.GetAsync("/v1/models");
        var raw = _asr.Seen.Single().Headers[InternalAuthentication.HeaderName];
        var other = InternalAuthentication.ValidationParameters(new InternalTokenOptions { SigningKey = new string('x', 40) });
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(raw, other);
        Assert.False(result.IsValid);
    }

    private static async Task<JsonWebToken> ValidateAsync(string raw)
    {
        var parameters = InternalAuthentication.ValidationParameters(new InternalTokenOptions { SigningKey = GatewayHost.SigningKey });
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(raw, parameters);
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }
}
