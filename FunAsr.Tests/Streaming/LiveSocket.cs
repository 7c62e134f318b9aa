using System.Net.WebSockets;
using System.Text.Json;
using FunAsr.AsrService.Recognition;
using FunAsr.Security.Authorization;
using FunAsr.Security.InternalTokens;
using FunAsr.Tests.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Streaming;

/// <summary>Client side of the live-caption protocol for tests: JSON messages out, JSON messages in.</summary>
internal static class LiveSocket
{
    /// <summary>
    /// Opens /api/asr/stream once the service's model is warmed up: a stream opened while it loads is refused with 503
    /// (the client retries), which is not what these tests are about.
    /// </summary>
    public static async Task<WebSocket> ConnectWhenReadyAsync<TProgram>(WebApplicationFactory<TProgram> factory, Caller? caller = null,
        string pathAndQuery = "/api/asr/stream")
        where TProgram : class
    {
        var status = factory.Services.GetRequiredService<SpeechEngineStatus>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (status.State == SpeechEngineState.Loading && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        return await SignedClient(factory, caller).ConnectAsync(new Uri(factory.Server.BaseAddress, pathAndQuery), CancellationToken.None);
    }

    /// <summary>A WebSocket client whose upgrades carry the gateway's token for <paramref name="caller"/> (default the test admin).</summary>
    public static Microsoft.AspNetCore.TestHost.WebSocketClient SignedClient<TProgram>(WebApplicationFactory<TProgram> factory, Caller? caller = null)
        where TProgram : class
    {
        // Signed before the host starts: the first token pays for loading the JWT libraries, which is not the service's time.
        var token = TestTokens.For(caller ?? TestTokens.Admin);
        var client = factory.Server.CreateWebSocketClient();
        client.ConfigureRequest = request => request.Headers[InternalAuthentication.HeaderName] = token;
        return client;
    }

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
