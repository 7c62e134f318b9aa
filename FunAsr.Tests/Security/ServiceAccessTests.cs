using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunAsr.AsrService.Access;
using FunAsr.Security.Authorization;
using FunAsr.Security.InternalTokens;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Engine;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.QaBot;
using FunAsr.Tests.Streaming;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Security;

/// <summary>
/// The real AsrService and QaBot, called directly as anyone on the network could: every endpoint they map — found from
/// their own endpoint tables, so a new one is covered the day it is added — answers 401 without the gateway's token, the
/// health probes alone answer; a forged token is 401; each endpoint's least role holds (403 below it); the model status is
/// open to the gateway's anonymous token and nothing else is; a spoken question relayed by the Q&amp;A service may be
/// transcribed for an employee, who may not transcribe directly.
/// </summary>
public sealed partial class ServiceAccessTests : IAsyncLifetime
{
    private static readonly ToneWordsAudio Speech = ToneWords.Synthesize("▁the ▁weather ▁is ▁nice ▁to day");
    private static readonly string[] HealthPaths = ["/health", "/alive"];
    private readonly string _storage = Directory.CreateTempSubdirectory("funasr-access-test-").FullName;
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }

    private AsrServiceHost Asr() => new(new Dictionary<string, string?>
    {
        ["ConnectionStrings:cache"] = _redis.ConnectionString,
        ["Asr:Jobs:StoragePath"] = _storage,
    });

    [Fact]
    public async Task Every_asr_endpoint_but_health_refuses_a_request_without_the_gateway_token()
    {
        await using var host = Asr();
        using var client = (await host.StartAsync()).Anonymously();
        var routes = Routes(host.Services);
        Assert.Contains(routes, r => r.Path == "/api/asr/stream");
        Assert.Contains(routes, r => r.Path == "/api/asr/jobs/x/events");
        Assert.Contains(routes, r => r.Path == "/v1/audio/transcriptions");
        await AssertOnlyHealthAnswersAsync(client, routes);
        await AssertForgedTokensRefusedAsync(client, "/v1/models");
    }

    [Fact]
    public async Task Every_qabot_endpoint_but_health_refuses_a_request_without_the_gateway_token()
    {
        await using var qabot = new QaBotFactory(_redis.ConnectionString);
        using var client = qabot.CreateClient().Anonymously();
        var routes = Routes(qabot.Services);
        Assert.Contains(routes, r => r.Path == "/api/qa/ask/stream");
        Assert.Contains(routes, r => r is { Method: "DELETE", Path: "/api/qa/lectures/x" });
        await AssertOnlyHealthAnswersAsync(client, routes);
        await AssertForgedTokensRefusedAsync(client, "/api/qa/lectures");
    }

    [Fact]
    public async Task A_live_caption_upgrade_without_the_gateway_token_is_refused_before_the_socket_opens()
    {
        await using var factory = new LiveCaptionServiceFactory();
        var anonymous = factory.Server.CreateWebSocketClient();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            anonymous.ConnectAsync(new Uri(factory.Server.BaseAddress, "/api/asr/stream"), CancellationToken.None));
        Assert.Contains("401", error.Message);

        // An employee may watch captions.
        using var socket = await LiveSocket.ConnectWhenReadyAsync(factory, TestTokens.Person("emma", Roles.Employee));
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task Asr_endpoints_hold_their_least_role()
    {
        await using var host = Asr();
        await host.StartAsync();
        using var employee = host.CreateClient().ActAs(TestTokens.Person("emma", Roles.Employee));
        using var content = host.CreateClient().ActAs(TestTokens.Person("carl", Roles.Content));

        // Transcribing, jobs and kept recordings are content work.
        await AssertForbiddenAsync(await employee.PostAsync("/v1/audio/transcriptions", SpeechForm()));
        await AssertForbiddenAsync(await employee.PostAsync("/api/asr/transcriptions", SpeechForm()));
        await AssertForbiddenAsync(await employee.PostAsync("/api/asr/jobs", SpeechForm()));
        await AssertForbiddenAsync(await employee.PostAsync("/api/asr/recordings", SpeechForm()));
        await AssertForbiddenAsync(await employee.DeleteAsync("/api/asr/jobs/x"));

        // Reading what is shared is everyone's: an unknown job is 404 for them, not 403.
        Assert.Equal(HttpStatusCode.OK, (await employee.GetAsync("/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync("/api/asr/jobs/x")).StatusCode);

        using var transcribed = await content.PostAsync("/api/asr/transcriptions", SpeechForm());
        Assert.Equal(HttpStatusCode.OK, transcribed.StatusCode);
        Assert.Equal("the weather is nice today", (await transcribed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await content.PostAsync("/api/asr/jobs", SpeechForm())).StatusCode);
    }

    [Fact]
    public async Task The_gateways_anonymous_token_opens_the_model_status_and_nothing_else()
    {
        await using var host = Asr();
        await host.StartAsync();
        using var anonymous = host.CreateClient().Anonymously();
        anonymous.DefaultRequestHeaders.Add(InternalAuthentication.HeaderName, TestTokens.Anonymous());

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/asr/model-status")).StatusCode);
        await AssertForbiddenAsync(await anonymous.GetAsync("/v1/models"));
        await AssertForbiddenAsync(await anonymous.GetAsync("/api/asr/jobs/x"));
        await AssertForbiddenAsync(await anonymous.GetAsync("/openapi/v1.json"));
    }

    [Fact]
    public async Task A_spoken_question_relayed_by_the_qa_service_is_transcribed_for_an_employee_and_charged_to_them()
    {
        await using var host = Asr();
        await host.StartAsync();
        var emma = TestTokens.Person("emma", Roles.Employee, audioSecondsPerHour: (int)Math.Ceiling(Speech.DurationSeconds));
        using var relayed = host.CreateClient().ActAs(emma with { Via = AsrRoles.QuestionRelay });
        using var otherRelay = host.CreateClient().ActAs(emma with { Via = "someone-else" });

        using var first = await relayed.PostAsync("/api/asr/transcriptions", SpeechForm());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AssertForbiddenAsync(await otherRelay.PostAsync("/api/asr/transcriptions", SpeechForm()));

        // The question's seconds went to emma's hour, which holds exactly one of them.
        using var second = await relayed.PostAsync("/api/asr/transcriptions", SpeechForm());
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal("audio_quota_exceeded", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.NotNull(second.Headers.RetryAfter);
    }

    [Fact]
    public async Task Qabot_endpoints_hold_their_least_role()
    {
        await using var qabot = new QaBotFactory(_redis.ConnectionString);
        using var employee = qabot.CreateClient().ActAs(TestTokens.Person("emma", Roles.Employee));
        using var content = qabot.CreateClient().ActAs(TestTokens.Person("carl", Roles.Content));

        await AssertForbiddenAsync(await QaBotFixtures.PostAsync(employee, "onboarding-en"));
        Assert.Equal(HttpStatusCode.Created, (await QaBotFixtures.PostAsync(content, "onboarding-en")).StatusCode);
        await AssertForbiddenAsync(await employee.DeleteAsync("/api/qa/lectures/onboarding-en"));
        await AssertForbiddenAsync(await employee.PostAsJsonAsync("/api/qa/lectures/onboarding-en/edits", new { edits = new[] { new { op = "title", title = "x" } } }));

        // Employees read and ask.
        Assert.Equal(HttpStatusCode.OK, (await employee.GetAsync("/api/qa/lectures/onboarding-en")).StatusCode);
        var answer = await QaBotIngestTests.AskAsync(employee, "How long is the probation period?");
        Assert.True(answer.Found);
        Assert.Equal(HttpStatusCode.NoContent, (await content.DeleteAsync("/api/qa/lectures/onboarding-en")).StatusCode);
    }

    private static async Task AssertOnlyHealthAnswersAsync(HttpClient client, IReadOnlyList<(string Method, string Path)> routes)
    {
        foreach (var path in HealthPaths)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }
        var answered = new List<string>();
        foreach (var (method, path) in routes.Where(r => !HealthPaths.Contains(r.Path)).Append(("GET", "/no/such/path")))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = SpeechForm();
            }
            using var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                answered.Add($"{method} {path} → {(int)response.StatusCode}");
            }
            else
            {
                Assert.Contains("missing_gateway_token", await response.Content.ReadAsStringAsync());
            }
        }
        Assert.Empty(answered);
    }

    private static async Task AssertForgedTokensRefusedAsync(HttpClient client, string path)
    {
        var admin = TestTokens.Admin;
        foreach (var token in new[] { TestTokens.For(admin, key: "another-signing-key-0123456789abcdefgh"), TestTokens.For(admin)[..^4] + "AAAA", "not a token" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation(InternalAuthentication.HeaderName, token);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("invalid_gateway_token", await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task AssertForbiddenAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("forbidden", await response.Content.ReadAsStringAsync());
        }
    }

    private static MultipartFormDataContent SpeechForm()
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Speech.ToWav());
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "speech.wav");
        return form;
    }

    /// <summary>Every endpoint the service maps, as a method and a concrete path (route parameters filled with <c>x</c>).</summary>
    private static IReadOnlyList<(string Method, string Path)> Routes(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["GET"])
                .Select(method => (method, "/" + RouteParameter().Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), "x"))))
            .Distinct()
            .ToList();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
