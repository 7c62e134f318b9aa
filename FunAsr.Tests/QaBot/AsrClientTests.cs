using System.Net;
using FunAsr.QaBot.Answering;
using FunAsr.QaBot.Configuration;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FunAsr.Tests.QaBot;

/// <summary>
/// A spoken question is transcribed once: a busy or failing ASR service is not asked again (the work may be under way),
/// the client hears when to come back, and the time allowed grows with the recording.
/// </summary>
public sealed class AsrClientTests : IAsyncLifetime
{
    private RedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_busy_asr_service_is_asked_once_and_the_client_is_told_when_to_come_back()
    {
        await using var asr = await StandInAsr.StartAsync(StatusCodes.Status429TooManyRequests, retryAfterSeconds: 7);
        await using var qabot = QaBot(asr);

        using var response = await AskAsync(qabot, 2_000);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("7", response.Headers.GetValues("Retry-After").Single());
        Assert.Contains("busy", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, asr.Requests);
    }

    [Fact]
    public async Task A_failing_asr_service_is_not_asked_again()
    {
        await using var asr = await StandInAsr.StartAsync(StatusCodes.Status500InternalServerError);
        await using var qabot = QaBot(asr);

        using var response = await AskAsync(qabot, 2_000);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, asr.Requests);
    }

    [Fact]
    public async Task The_time_allowed_grows_with_the_recording_and_a_timeout_is_not_retried()
    {
        // Two seconds to answer: enough for a recording given 1 s + 3 s per MB at 1 MB, not for one of 2 KB.
        await using var asr = await StandInAsr.StartAsync(StatusCodes.Status200OK, delay: TimeSpan.FromSeconds(2));
        var settings = new Dictionary<string, string?> { ["QaBot:Asr:Timeout"] = "00:00:01", ["QaBot:Asr:TimeoutPerMegabyte"] = "00:00:03" };
        await using var qabot = QaBot(asr, settings);

        using var large = await AskAsync(qabot, 1024 * 1024);
        using var small = await AskAsync(qabot, 2_000);

        Assert.Equal(HttpStatusCode.OK, large.StatusCode);
        Assert.Equal(HttpStatusCode.GatewayTimeout, small.StatusCode);
        Assert.Contains("did not answer within 1 s", await small.Content.ReadAsStringAsync());
        Assert.Equal(2, asr.Requests);
    }

    [Fact]
    public void The_timeout_is_the_base_plus_a_share_per_megabyte_up_to_the_maximum()
    {
        var options = Options.Create(new QaBotOptions
        {
            Asr = new AsrClientOptions { Timeout = TimeSpan.FromSeconds(30), TimeoutPerMegabyte = TimeSpan.FromSeconds(20), MaxTimeout = TimeSpan.FromMinutes(5) },
        });
        var client = new AsrClient(new HttpClient(), options, TestTokens.Issuer());

        Assert.Equal(TimeSpan.FromSeconds(30), client.TimeoutFor(0));
        Assert.Equal(TimeSpan.FromSeconds(70), client.TimeoutFor(2 * 1024 * 1024));
        Assert.Equal(TimeSpan.FromMinutes(5), client.TimeoutFor(25 * 1024 * 1024));
    }

    private QaBotFactory QaBot(StandInAsr asr, Dictionary<string, string?>? settings = null) =>
        new(_redis.ConnectionString, new Dictionary<string, string?>(settings ?? []) { ["Services:asr:http:0"] = asr.BaseUrl });

    private static async Task<HttpResponseMessage> AskAsync(QaBotFactory qabot, int bytes)
    {
        using var client = qabot.CreateClient();
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(new byte[bytes]), "file", "question.wav");
        return await client.PostAsync("/api/qa/ask/voice", form);
    }

    /// <summary>An ASR stand-in on a loopback port that answers every upload the same way, counting them.</summary>
    private sealed class StandInAsr(WebApplication app) : IAsyncDisposable
    {
        private int _requests;

        public string BaseUrl => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        public int Requests => _requests;

        public static async Task<StandInAsr> StartAsync(int status, int? retryAfterSeconds = null, TimeSpan? delay = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var server = new StandInAsr(app);
            app.MapPost("/api/asr/transcriptions", async (HttpRequest request, HttpResponse response) =>
            {
                Interlocked.Increment(ref server._requests);
                await request.ReadFormAsync();
                if (delay is { } wait) await Task.Delay(wait);
                if (retryAfterSeconds is { } seconds) response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return status == StatusCodes.Status200OK
                    ? Results.Json(new { text = "hello world", language = "en" })
                    : Results.Problem("stand-in refusal", statusCode: status);
            });
            await app.StartAsync();
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
