using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace FunAsr.Tests.Gateway;

public sealed class GatewaySecurityTests : IAsyncLifetime
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

    [Theory]
    [InlineData("/api/asr/jobs/1")]
    [InlineData("/api/qa/lectures")]
    [InlineData("/api/gateway/session")]
    public async Task No_key_is_refused_with_problem_details(string path)
    {
        await using var gateway = new GatewayHost([_asr], _qabot);
        using var client = gateway.Client(key: null);
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("missing_api_key", problem.RootElement.GetProperty("code").GetString());
        Assert.Contains("send an API key", problem.RootElement.GetProperty("detail").GetString());
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0, _asr.Count() + _qabot.Count());
    }

    [Fact]
    public async Task A_wrong_key_is_refused_on_v1_with_the_openai_error_body()
    {
        await using var gateway = new GatewayHost([_asr], _qabot);
        using var client = gateway.Client(key: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-right-key-at-all");
        using var response = await client.GetAsync("/v1/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("not valid", error.GetProperty("message").GetString());
        Assert.Equal(0, _asr.Count());
    }

    [Fact]
    public async Task Either_header_form_of_either_configured_key_is_accepted()
    {
        await using var gateway = new GatewayHost([_asr], _qabot);
        using var viaHeader = gateway.Client(GatewayHost.OtherKey);
        using var viaBearer = gateway.Client(key: null);
        viaBearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", GatewayHost.Key);

        Assert.Equal(HttpStatusCode.OK, (await viaHeader.GetAsync("/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viaBearer.GetAsync("/api/qa/lectures")).StatusCode);
        var session = await viaHeader.GetFromJsonAsync<JsonElement>("/api/gateway/session");
        Assert.Equal("key-1", session.GetProperty("keyId").GetString());
    }

    [Fact]
    public async Task Over_the_rate_a_key_gets_429_with_retry_after_while_another_key_is_unaffected()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, new Dictionary<string, string?>
        {
            ["Gateway:Quotas:admin:RequestsPerMinute"] = "3",
        });
        using var client = gateway.Client();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/qa/lectures")).StatusCode);
        }

        using var refused = await client.GetAsync("/api/qa/lectures");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("3", refused.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
        Assert.Equal(retryAfter.ToString(), refused.Headers.GetValues("RateLimit-Reset").Single());
        Assert.Equal("3;w=60", refused.Headers.GetValues("RateLimit-Policy").Single());
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("rate_limit_exceeded", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(3, _qabot.Count());

        using var other = gateway.Client(GatewayHost.OtherKey);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/qa/lectures")).StatusCode);
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_with_413_before_reaching_the_service()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, new Dictionary<string, string?>
        {
            ["Gateway:Limits:UploadMaxBodyBytes"] = "65536",
            ["Gateway:Limits:MaxBodyBytes"] = "1024",
        });
        using var client = gateway.Client();

        using var fits = await client.PostAsync("/api/asr/transcriptions", new ByteArrayContent(new byte[60_000]));
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        using var tooLarge = await client.PostAsync("/api/asr/transcriptions", new ByteArrayContent(new byte[70_000]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        using var problem = JsonDocument.Parse(await tooLarge.Content.ReadAsStringAsync());
        Assert.Contains("64 KB", problem.RootElement.GetProperty("detail").GetString());
        // The small limit holds on routes that take no audio.
        using var smallRoute = await client.PostAsync("/api/qa/ask", new ByteArrayContent(new byte[2048]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, smallRoute.StatusCode);
        Assert.Equal(1, _asr.Count());
        Assert.Equal(0, _qabot.Count());
    }

    [Fact]
    public async Task A_streamed_upload_without_length_is_cut_off_at_the_limit_with_413()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, new Dictionary<string, string?>
        {
            ["Gateway:Limits:UploadMaxBodyBytes"] = "65536",
            ["Gateway:Limits:MaxBodyBytes"] = "1024",
        });
        using var client = gateway.Client();
        var content = new StreamContent(new MemoryStream(new byte[200_000]));
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/transcriptions") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("request_too_large", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/qa/lectures")]
    [InlineData("/api/asr/jobs/1")]
    public async Task Security_headers_are_on_the_page_and_on_proxied_answers(string path)
    {
        await using var gateway = new GatewayHost([_asr], _qabot);
        using var client = gateway.Client();
        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Cors_is_off_unless_origins_are_configured()
    {
        await using var closed = new GatewayHost([_asr], _qabot);
        using (var preflight = Preflight())
        using (var response = await closed.Client().SendAsync(preflight))
        {
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }

        await using var open = new GatewayHost([_asr], _qabot, new Dictionary<string, string?>
        {
            ["Gateway:CorsOrigins:0"] = "https://intranet.example.com",
        });
        using var allowed = Preflight();
        using var answer = await open.Client().SendAsync(allowed);
        Assert.Equal("https://intranet.example.com", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());

        static HttpRequestMessage Preflight()
        {
            var request = new HttpRequestMessage(HttpMethod.Options, "/api/qa/lectures");
            request.Headers.Add("Origin", "https://intranet.example.com");
            request.Headers.Add("Access-Control-Request-Method", "GET");
            request.Headers.Add("Access-Control-Request-Headers", "x-api-key");
            return request;
        }
    }

    [Fact]
    public async Task Demo_mode_serves_requests_without_a_key_but_still_refuses_a_wrong_one()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, new Dictionary<string, string?> { ["Gateway:DemoMode"] = "true" });
        using var anonymous = gateway.Client(key: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/qa/lectures")).StatusCode);
        var config = await anonymous.GetFromJsonAsync<JsonElement>("/ui/config");
        Assert.True(config.GetProperty("demoMode").GetBoolean());

        using var wrong = gateway.Client("wrong-key-wrong-key-wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/qa/lectures")).StatusCode);
    }

    [Fact]
    public async Task The_health_endpoints_answer_for_the_gateway_itself()
    {
        await using var gateway = new GatewayHost([_asr], _qabot);
        using var client = gateway.Client(key: null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive")).StatusCode);
        Assert.Equal(0, _asr.Count() + _qabot.Count());
    }

    [Fact]
    public async Task Without_configured_keys_the_gateway_starts_and_still_refuses_anonymous_calls()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, withKeys: false);
        using var client = gateway.Client(key: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/qa/lectures")).StatusCode);
        Assert.Equal(0, _qabot.Count());
    }
}
