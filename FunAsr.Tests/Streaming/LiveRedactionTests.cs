using System.Net.WebSockets;
using System.Text.Json;
using System.Diagnostics.Metrics;
using FunAsr.Messaging;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Streaming;

/// <summary>
/// Live captions with <c>redact</c>: a configured customer spoken in the stream reaches the client and the saved lecture
/// masked, and the stream leaves one redaction record (counts by kind, no value); without it nothing changes.
/// </summary>
public sealed class LiveRedactionTests
{
    [Fact]
    public async Task Redact_pii_masks_captions_and_the_saved_transcript_and_records_one_redaction()
    {
        await using var redis = await RedisServer.StartAsync();
        var (messages, segments, spansCounted) = await StreamAsync(redis, "/api/asr/stream?redact=pii");

        var captions = messages.Where(m => m.GetProperty("type").GetString() is "partial" or "final").Select(m => m.GetProperty("text").GetString()!).ToList();
        Assert.Contains(captions, c => c.Contains("[CUSTOMER]"));
        Assert.DoesNotContain(captions, c => c.Contains("hello", StringComparison.OrdinalIgnoreCase));
        var words = messages.Where(m => m.GetProperty("type").GetString() == "final").SelectMany(m => m.GetProperty("words").EnumerateArray());
        Assert.DoesNotContain(words, w => w.GetProperty("word").GetString()!.Contains("hello", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["今天天气很好。", "[CUSTOMER]"], segments);

        await using var connection = await redis.ConnectAsync();
        var entry = Assert.Single(await connection.GetDatabase().StreamRangeAsync(ComplianceChannels.RedactionsStream));
        var record = entry[ComplianceChannels.RedactionField].ToString();
        using var json = JsonDocument.Parse(record);
        Assert.Equal(RedactionSources.Transcription, json.RootElement.GetProperty("source").GetString());
        Assert.Equal("pii", json.RootElement.GetProperty("classes").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("spans").GetProperty("customer").GetInt32());
        Assert.DoesNotContain("hello", record, StringComparison.OrdinalIgnoreCase);
        // The metric counts the one span said, not once more per partial that showed it or for the saved transcript.
        Assert.Equal(1, spansCounted);
    }

    [Fact]
    public async Task Without_redact_captions_and_transcript_are_unchanged_and_nothing_is_recorded()
    {
        await using var redis = await RedisServer.StartAsync();
        var (messages, segments, _) = await StreamAsync(redis, "/api/asr/stream");

        Assert.Contains(messages, m => m.GetProperty("type").GetString() == "final" && m.GetProperty("text").GetString() == "hello world");
        Assert.Equal(["今天天气很好。", "hello world"], segments);
        await using var connection = await redis.ConnectAsync();
        Assert.Empty(await connection.GetDatabase().StreamRangeAsync(ComplianceChannels.RedactionsStream));
    }

    [Fact]
    public async Task A_bad_redact_value_is_refused_before_the_upgrade_with_the_uploads_problem()
    {
        await using var factory = Factory(null);
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => LiveSocket.ConnectWhenReadyAsync(factory, pathAndQuery: "/api/asr/stream?redact=secrets"));
        Assert.Contains("400", ex.Message);
    }

    private static WebApplicationFactory<FunAsr.AsrService.Program> Factory(string? redis) => new LiveCaptionServiceFactory().WithWebHostBuilder(web =>
    {
        if (redis is not null)
        {
            web.UseSetting("ConnectionStrings:cache", redis);
        }
        web.UseSetting("Asr:Compliance:Terms:0:Term", "Hello World");
        web.UseSetting("Asr:Compliance:Terms:0:Kind", "customer");
    });

    private static async Task<(List<JsonElement> Messages, List<string?> Segments, double SpansCounted)> StreamAsync(RedisServer redis, string pathAndQuery)
    {
        await using var factory = Factory(redis.ConnectionString);
        using var metrics = new MetricRecorder(factory.Services.GetRequiredService<IMeterFactory>());
        var audio = ToneWords.Synthesize("今天 天气 很好 。 | | | | | ▁hello ▁world");
        using var socket = await LiveSocket.ConnectWhenReadyAsync(factory, pathAndQuery: pathAndQuery);
        await LiveSocket.SendJsonAsync(socket, new { type = "start", format = "f32le" });
        var f32 = new byte[audio.Samples.Length * 4];
        Buffer.BlockCopy(audio.Samples, 0, f32, 0, f32.Length);
        foreach (var chunk in f32.Chunk(4_001))
        {
            await socket.SendAsync(chunk, WebSocketMessageType.Binary, true, CancellationToken.None);
        }
        await LiveSocket.SendJsonAsync(socket, new { type = "stop", save = true, title = "Customer call" });
        var messages = await LiveSocket.ReceiveUntilCloseAsync(socket);

        await using var connection = await redis.ConnectAsync();
        var entry = Assert.Single(await connection.GetDatabase().StreamRangeAsync("transcripts"));
        using var payload = JsonDocument.Parse(entry["payload"].ToString());
        var segments = payload.RootElement.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("text").GetString()).ToList();
        // The stream's record is written once its socket has closed, so the service must still run: wait for a record
        // (up to 10 s), or, where none may come, the moment the handler would take to write one.
        for (var i = 0; i < (pathAndQuery.Contains("redact=") ? 200 : 10) && await connection.GetDatabase().StreamLengthAsync(ComplianceChannels.RedactionsStream) == 0; i++)
        {
            await Task.Delay(50);
        }
        return (messages, segments, metrics.Sum("asr.redacted.spans"));
    }
}
