using System.Net.WebSockets;
using System.Text.Json;
using FunAsr.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace FunAsr.Tests.Streaming;

public sealed class LiveTranscriptSaveTests
{
    [Fact]
    public async Task Stop_with_save_publishes_the_live_transcript_to_the_transcripts_stream()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var factory = new LiveCaptionServiceFactory().WithWebHostBuilder(web =>
            web.UseSetting("ConnectionStrings:cache", redis.ConnectionString));
        var audio = ToneWords.Synthesize("今天 天气 很好 。 | | | | | ▁hello ▁world");
        using var socket = await LiveSocket.ConnectWhenReadyAsync(factory);

        await LiveSocket.SendJsonAsync(socket, new { type = "start", format = "f32le" });
        var f32 = new byte[audio.Samples.Length * 4];
        Buffer.BlockCopy(audio.Samples, 0, f32, 0, f32.Length);
        foreach (var chunk in f32.Chunk(4_001))
        {
            await socket.SendAsync(chunk, WebSocketMessageType.Binary, true, CancellationToken.None);
        }
        await LiveSocket.SendJsonAsync(socket, new { type = "stop", save = true, title = "Morning stand-up" });
        var messages = await LiveSocket.ReceiveUntilCloseAsync(socket);

        var saved = messages.Single(m => m.GetProperty("type").GetString() == "saved");
        var lectureId = saved.GetProperty("lectureId").GetString()!;
        Assert.Equal("Morning stand-up", saved.GetProperty("title").GetString());
        await using var connection = await redis.ConnectAsync();
        var entry = Assert.Single(await connection.GetDatabase().StreamRangeAsync("transcripts"));
        Assert.Equal(lectureId, entry["lectureId"].ToString());
        using var payload = JsonDocument.Parse(entry["payload"].ToString());
        var segments = payload.RootElement.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(["今天天气很好。", "hello world"], segments.Select(s => s.GetProperty("text").GetString()));
        Assert.True(segments[1].GetProperty("start").GetDouble() > 2.0, "segment times are absolute within the stream");
    }
}
