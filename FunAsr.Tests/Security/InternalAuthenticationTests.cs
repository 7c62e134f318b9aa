using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using FunAsr.Security.Authorization;
using FunAsr.Security.InternalTokens;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FunAsr.Tests.Security;

/// <summary>
/// A service behind the gateway, built as AsrService and QaBot are: only health answers without the gateway's token;
/// HTTP, SSE and WebSocket endpoints refuse a missing, forged or expired token with 401 and a too-low role with 403.
/// </summary>
public sealed class InternalAuthenticationTests : IAsyncLifetime
{
    private const string Key = "service-test-signing-key-0123456789abcdef";
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private Uri _address = null!;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration["InternalAuth:SigningKey"] = Key;
        builder.Services.AddHealthChecks();
        builder.Services.AddInternalAuthentication();
        _app = builder.Build();
        _app.UseWebSockets();
        _app.UseInternalAuthentication();
        _app.MapHealthChecks("/health").AllowAnonymous();
        _app.MapGet("/api/qa/lectures", (HttpContext context) => Results.Ok(new { caller = Caller.From(context.User)!.Subject }));
        _app.MapDelete("/api/qa/lectures/{id}", (string id) => Results.NoContent()).RequireRole(Roles.Content);
        _app.MapGet("/v1/models", () => Results.Ok(new { data = Array.Empty<object>() }));
        _app.MapGet("/api/asr/jobs/1/events", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: {\"progress\":1}\n\n");
        });
        _app.Map("/api/asr/stream", async (HttpContext context) =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "ok", CancellationToken.None);
        });
        await _app.StartAsync();
        _address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        _client = new HttpClient { BaseAddress = _address };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private string Token(string role, TimeProvider? time = null, string key = Key) =>
        new InternalTokenIssuer(new StaticOptions(new InternalTokenOptions { SigningKey = key }), time ?? TimeProvider.System)
            .Issue(new Caller("user-1", "someone", role, "sales", null, "req-1", 1800, 2));

    private HttpRequestMessage Request(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Add(InternalAuthentication.HeaderName, token);
        }
        return request;
    }

    [Theory]
    [InlineData("/api/qa/lectures")]
    [InlineData("/api/asr/jobs/1/events")]
    [InlineData("/api/asr/stream")]
    [InlineData("/")]
    [InlineData("/scalar/v1")]
    [InlineData("/no/such/path")]
    public async Task Nothing_but_health_answers_without_the_gateway_token(string path)
    {
        using var response = await _client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("missing_gateway_token", problem.GetProperty("code").GetString());
        Assert.Contains("gateway", problem.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task The_openai_routes_refuse_in_the_openai_error_shape()
    {
        using var response = await _client.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("missing_gateway_token", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_valid_token_is_accepted_and_names_the_caller()
    {
        using var response = await _client.SendAsync(Request(HttpMethod.Get, "/api/qa/lectures", Token(Roles.Employee)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("user-1", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("caller").GetString());
        using var events = await _client.SendAsync(Request(HttpMethod.Get, "/api/asr/jobs/1/events", Token(Roles.Employee)));
        Assert.Contains("progress", await events.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_token_signed_with_another_key_or_expired_is_refused()
    {
        using var forged = await _client.SendAsync(Request(HttpMethod.Get, "/api/qa/lectures", Token(Roles.Admin, key: new string('f', 40))));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains("invalid_gateway_token", await forged.Content.ReadAsStringAsync());

        var old = new FakeTimeProvider(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5));
        using var expired = await _client.SendAsync(Request(HttpMethod.Get, "/api/qa/lectures", Token(Roles.Admin, old)));
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task A_role_below_the_endpoints_gets_403_and_a_role_at_or_above_passes()
    {
        using var employee = await _client.SendAsync(Request(HttpMethod.Delete, "/api/qa/lectures/l1", Token(Roles.Employee)));
        Assert.Equal(HttpStatusCode.Forbidden, employee.StatusCode);
        Assert.Contains("employee", (await employee.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(Request(HttpMethod.Delete, "/api/qa/lectures/l1", Token(Roles.Content)))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.SendAsync(Request(HttpMethod.Delete, "/api/qa/lectures/l1", Token(Roles.Admin)))).StatusCode);
    }

    [Fact]
    public async Task A_websocket_upgrade_needs_the_token()
    {
        var uri = new UriBuilder(_address) { Scheme = "ws", Path = "/api/asr/stream" }.Uri;
        using var without = new ClientWebSocket();
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => without.ConnectAsync(uri, CancellationToken.None));
        Assert.Contains("401", refused.Message);

        using var with = new ClientWebSocket();
        with.Options.SetRequestHeader(InternalAuthentication.HeaderName, Token(Roles.Employee));
        await with.ConnectAsync(uri, CancellationToken.None);
        Assert.Equal(WebSocketState.Open, with.State);
    }

    [Fact]
    public void A_service_without_a_signing_key_does_not_start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddInternalAuthentication();
        using var app = builder.Build();
        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<InternalTokenOptions>>().Value);
        Assert.Contains("InternalAuth__SigningKey", error.Message);
    }

    private sealed class StaticOptions(InternalTokenOptions value) : IOptionsMonitor<InternalTokenOptions>
    {
        public InternalTokenOptions CurrentValue => value;
        public InternalTokenOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<InternalTokenOptions, string?> listener) => null;
    }
}
