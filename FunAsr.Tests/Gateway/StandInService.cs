using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunAsr.Tests.Gateway;

/// <summary>What a stand-in service saw of one request that came through the gateway.</summary>
public sealed record SeenRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, long BodyBytes);

/// <summary>
/// A small real HTTP service on a free loopback port that stands in for an ASR replica or the Q&amp;A service:
/// it answers /health, echoes WebSocket messages on /api/asr/stream, records every other request and answers it
/// with its own name, unless a test maps its own endpoints first.
/// </summary>
public sealed class StandInService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SeenRequest> _seen = new();

    private StandInService(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public Uri Address { get; private set; } = null!;

    public IReadOnlyCollection<SeenRequest> Seen => _seen;

    public bool Stopped { get; private set; }

    public static async Task<StandInService> StartAsync(string name, Action<WebApplication>? mapEndpoints = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null).UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var service = new StandInService(app, name);
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path != "/health")
            {
                service.Record(context);
            }
            await next(context);
        });
        app.MapGet("/health", () => Results.Ok(new { status = "Healthy" }));
        app.Map("/api/asr/stream", service.EchoAsync);
        mapEndpoints?.Invoke(app);
        app.Map("/{**path}", async (HttpContext context) =>
        {
            var bytes = await DrainAsync(context.Request.Body);
            return Results.Ok(new { service = name, path = context.Request.Path.Value, method = context.Request.Method, bytes });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        service.Address = new Uri(address);
        return service;
    }

    public int Count(Func<SeenRequest, bool>? predicate = null) => predicate is null ? _seen.Count : _seen.Count(predicate);

    public async Task StopAsync()
    {
        Stopped = true;
        await _app.StopAsync();
    }

    private void Record(HttpContext context)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _seen.Enqueue(new SeenRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers,
            context.Request.ContentLength ?? -1));
    }

    private async Task EchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                return;
            }
            var reply = System.Text.Encoding.UTF8.GetBytes($"{Name}:").Concat(buffer[..received.Count]).ToArray();
            await socket.SendAsync(reply, received.MessageType, received.EndOfMessage, context.RequestAborted);
        }
    }

    private static async Task<long> DrainAsync(Stream body)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }
        return total;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Stopped)
        {
            await _app.StopAsync();
        }
        await _app.DisposeAsync();
    }
}
