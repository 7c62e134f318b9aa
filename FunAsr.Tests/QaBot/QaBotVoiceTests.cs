using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FunAsr.QaBot.Answering;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunAsr.Tests.QaBot;

public sealed class QaBotVoiceTests
{
    /// <summary>
    /// The real ASR service (in memory, known-answer model) transcribes a synthesised spoken question; QaBot reaches it as
    /// http://asr through service discovery (Services:asr:http:0) and answers from the lecture.
    /// </summary>
    [Fact]
    public async Task A_spoken_question_is_transcribed_by_the_asr_service_and_answered_with_citations()
    {
        await using var asr = new AsrServiceHost();
        await asr.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        await using var qabot = new QaBotFactory(redis.ConnectionString, new Dictionary<string, string?> { ["Services:asr:http:0"] = "http://asr-replica-0:5000" })
            .WithWebHostBuilder(b => b.ConfigureTestServices(services =>
                services.AddHttpClient<AsrClient>().ConfigurePrimaryHttpMessageHandler(() => new ResolvedHostCheck(asr.Server.CreateHandler()))));
        using var client = qabot.CreateClient();
        using (var created = await client.PostAsJsonAsync("/api/qa/lectures", new
        {
            id = "team-learning", title = "团队学习安排",
            segments = new[]
            {
                new { start = 0.0, end = 4.0, text = "欢迎大家来到研发部。" },
                new { start = 4.0, end = 9.0, text = "每周三下午三点，我们一起学习新产品的技术文档，地点在三楼大会议室。" },
                new { start = 9.0, end = 12.0, text = "周五下午是代码评审时间。" },
            },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var question = ToneWords.Synthesize("我们 一起 学习");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(question.ToWav());
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "question.wav");
        using var response = await client.PostAsync("/api/qa/ask/voice", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<AskResult>())!;
        Assert.Equal("我们一起学习", result.Question);
        Assert.True(result.Found);
        Assert.Contains("每周三下午三点", result.Answer);
        Assert.InRange(4.0, result.Citations[0].Start, result.Citations[0].End);
        Assert.Equal("team-learning", result.Citations[0].LectureId);
    }

    [Fact]
    public async Task Asr_failures_become_problem_details()
    {
        await using var standIn = await StandInAsr.StartAsync(StatusCodes.Status400BadRequest);
        await using var redis = await RedisServer.StartAsync();
        await using var qabot = new QaBotFactory(redis.ConnectionString, new Dictionary<string, string?> { ["Services:asr:http:0"] = standIn.BaseUrl });
        using var client = qabot.CreateClient();

        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent([1, 2, 3]), "file", "noise.bin");
        using var response = await client.PostAsync("/api/qa/ask/voice", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("could not be decoded", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, standIn.Requests);

        using var noFile = new MultipartFormDataContent();
        noFile.Add(new StringContent("zh"), "language");
        using var missing = await client.PostAsync("/api/qa/ask/voice", noFile);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("'file'", await missing.Content.ReadAsStringAsync());
        Assert.Equal(1, standIn.Requests);
    }

    /// <summary>Fails the request unless service discovery rewrote http://asr to the configured replica address.</summary>
    private sealed class ResolvedHostCheck(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal("asr-replica-0", request.RequestUri!.Host);
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A stand-in ASR HTTP server on a loopback port that rejects every upload as the real one rejects noise.</summary>
    private sealed class StandInAsr(WebApplication app) : IAsyncDisposable
    {
        private int _requests;

        public string BaseUrl => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        public int Requests => _requests;

        public static async Task<StandInAsr> StartAsync(int status)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var server = new StandInAsr(app);
            app.MapPost("/api/asr/transcriptions", async (HttpRequest request) =>
            {
                Interlocked.Increment(ref server._requests);
                await request.ReadFormAsync();
                return Results.Problem("The audio could not be decoded: Invalid data found when processing input", statusCode: status);
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
