using System.Net.WebSockets;
using System.Text.Json;

namespace FunAsr.Tests.Streaming;

/// <summary>Client side of the live-caption protocol for tests: JSON messages out, JSON messages in.</summary>
internal static class LiveSocket
{
    public static Task SendJsonAsync(WebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    public static async Task<JsonElement> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone();
    }

    /// <summary>Every message until the server closes (within a minute).</summary>
    public static async Task<List<JsonElement>> ReceiveUntilCloseAsync(WebSocket socket)
    {
        var messages = new List<JsonElement>();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return messages;
            }

            messages.Add(JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone());
        }
    }
}
