using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Vad;
using FunAsr.Tests.Engine;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Streaming;

/// <summary>The ASR service with the known-answer model, live-caption limits tightened for the tests.</summary>
public sealed class LiveCaptionServiceFactory : WebApplicationFactory<FunAsr.AsrService.Program>
{
    /// <summary>Its HTTP clients act as the test admin the gateway signed.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.ActAs(TestTokens.Admin);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Asr:Model:Path", RepositoryPaths.KnownAnswerModel);
        builder.UseSetting("Asr:Live:MaxConcurrentStreams", "2");
        builder.UseSetting("InternalAuth:SigningKey", FunAsr.Tests.Security.TestTokens.SigningKey);
        builder.UseSetting("Asr:Live:IdleTimeoutSeconds", "5");
        builder.ConfigureTestServices(services =>
        {
            if (!services.Any(d => d.ServiceType == typeof(ISpeechRecognizer)))
            {
                services.AddSpeechEngine(new ConfigurationBuilder()
                    .AddInMemoryCollection(new Dictionary<string, string?> { ["Asr:Model:Path"] = RepositoryPaths.KnownAnswerModel })
                    .Build());
            }
        });
    }
}

public sealed class LiveCaptionSocketTests(LiveCaptionServiceFactory factory) : IClassFixture<LiveCaptionServiceFactory>
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(10.0)]
    public async Task Streaming_a_lecture_yields_the_offline_words_and_times_with_partials_first(double speed)
    {
        var audio = ToneWords.Synthesize(LiveTranscriberTests.Lecture);
        await using var engine = EngineHarness.Create();
        var offline = await engine.RecognizeSegmentedAsync(audio.Samples, new EnergyVoiceActivityDetector(new VadOptions()));

        using var socket = await ConnectAsync();
        await LiveSocket.SendJsonAsync(socket, new { type = "start", language = "auto", itn = true, sample_rate = 16000, format = "pcm_s16le" });
        var pcm = audio.ToWav()[44..];
        const int chunkBytes = 3_200; // 100 ms
        var sender = Task.Run(async () =>
        {
            for (int offset = 0; offset < pcm.Length; offset += chunkBytes)
            {
                var chunk = pcm.AsMemory(offset, Math.Min(chunkBytes, pcm.Length - offset));
                await socket.SendAsync(chunk, WebSocketMessageType.Binary, true, CancellationToken.None);
                await Task.Delay(TimeSpan.FromMilliseconds(100 / speed));
            }

            await LiveSocket.SendJsonAsync(socket, new { type = "stop" });
        });

        var messages = await LiveSocket.ReceiveUntilCloseAsync(socket);
        await sender;

        Assert.Equal("ready", messages[0].GetProperty("type").GetString());
        Assert.Equal("end", messages[^1].GetProperty("type").GetString());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        var finals = messages.Where(m => m.GetProperty("type").GetString() == "final").Select(ToFinal).ToList();
        Assert.Equal(["今天天气很好。", "hello world the weather is nice today", "我们一起学习"], finals.Select(f => f.Text));
        Assert.All(finals, f => Assert.Equal(f.Text.StartsWith('h') ? "en" : "zh", f.Language));
        LiveAssert.WordsMatchOffline(offline, finals);
        var live = messages.Select(m => m.GetProperty("type").GetString() switch
        {
            "partial" => (AsrService.Streaming.LiveServerMessage)new AsrService.Streaming.PartialMessage(m.GetProperty("text").GetString()!, m.GetProperty("start").GetDouble()),
            "final" => ToFinal(m),
            _ => new AsrService.Streaming.EndMessage(0, 0),
        }).ToList();
        LiveAssert.PartialsPrecedeTheirFinal(live);
    }

    [Theory]
    [InlineData(null, "{not json", WebSocketCloseStatus.InvalidPayloadData, "bad_json")]
    [InlineData(null, """{"type":"start","format":"mp3"}""", WebSocketCloseStatus.InvalidPayloadData, "unknown_format")]
    [InlineData(null, """{"type":"start","sample_rate":44100}""", WebSocketCloseStatus.InvalidPayloadData, "unsupported_sample_rate")]
    [InlineData(null, """{"type":"start","language":"xx"}""", WebSocketCloseStatus.InvalidPayloadData, "unknown_language")]
    [InlineData("binary", null, WebSocketCloseStatus.InvalidMessageType, "binary_before_start")]
    public async Task Protocol_errors_close_the_socket_with_a_reason_code_and_a_message(string? binary, string? text, WebSocketCloseStatus status, string code)
    {
        using var socket = await ConnectAsync();
        if (binary is not null)
        {
            await socket.SendAsync(new byte[320], WebSocketMessageType.Binary, true, CancellationToken.None);
        }
        else
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text!), WebSocketMessageType.Text, true, CancellationToken.None);
        }

        var messages = await LiveSocket.ReceiveUntilCloseAsync(socket);

        var error = Assert.Single(messages);
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal(status, socket.CloseStatus);
        Assert.Equal(code, socket.CloseStatusDescription);
    }

    [Fact]
    public async Task Streams_beyond_the_replica_limit_are_refused_with_try_again_later()
    {
        using var first = await ConnectAsync();
        using var second = await ConnectAsync();
        await LiveSocket.SendJsonAsync(first, new { type = "start" });
        await LiveSocket.SendJsonAsync(second, new { type = "start" });
        Assert.Equal("ready", (await LiveSocket.ReceiveAsync(first)).GetProperty("type").GetString());
        Assert.Equal("ready", (await LiveSocket.ReceiveAsync(second)).GetProperty("type").GetString());

        using var third = await ConnectAsync();
        var refusal = await LiveSocket.ReceiveUntilCloseAsync(third);

        Assert.Equal("too_many_streams", Assert.Single(refusal).GetProperty("code").GetString());
        Assert.Equal(1013, (int)third.CloseStatus!);
        await LiveSocket.SendJsonAsync(first, new { type = "stop" });
        await LiveSocket.SendJsonAsync(second, new { type = "stop" });
        await LiveSocket.ReceiveUntilCloseAsync(first);
        await LiveSocket.ReceiveUntilCloseAsync(second);
    }

    [Fact]
    public async Task An_idle_stream_is_told_and_closed()
    {
        using var socket = await ConnectAsync();
        await LiveSocket.SendJsonAsync(socket, new { type = "start" });

        var messages = await LiveSocket.ReceiveUntilCloseAsync(socket);

        Assert.Equal("idle_timeout", messages[^1].GetProperty("code").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
    }

    [Fact]
    public async Task A_plain_http_request_gets_problem_details()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/api/asr/stream");

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private Task<WebSocket> ConnectAsync() => LiveSocket.ConnectWhenReadyAsync(factory);

    private static AsrService.Streaming.FinalMessage ToFinal(JsonElement m) => new(
        m.GetProperty("text").GetString()!,
        m.GetProperty("start").GetDouble(),
        m.GetProperty("end").GetDouble(),
        m.GetProperty("language").GetString()!,
        m.GetProperty("words").EnumerateArray()
            .Select(w => new AsrService.Streaming.LiveWord(w.GetProperty("word").GetString()!, w.GetProperty("start").GetDouble(), w.GetProperty("end").GetDouble()))
            .ToList());
}
