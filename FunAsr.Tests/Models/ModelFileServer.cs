using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace FunAsr.Tests.Models;

/// <summary>
/// A Kestrel server on a free loopback port serving files from memory with Range support; a file can be set to
/// break off half-way through its next full (non-Range) response, as a dropped connection does.
/// </summary>
public sealed class ModelFileServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly ConcurrentDictionary<string, bool> _breakNext = new();
    private readonly WebApplication _app;

    public ConcurrentQueue<string> Requests { get; } = new();

    private ModelFileServer(WebApplication app) => _app = app;

    public static async Task<ModelFileServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ModelFileServer(app);
        app.MapGet("/files/{name}", async (string name, HttpContext context) =>
        {
            var range = context.Request.Headers.Range.ToString();
            server.Requests.Enqueue($"{name} {range}".Trim());
            if (!server._files.TryGetValue(name, out var bytes)) return Results.NotFound();
            if (range.Length == 0 && server._breakNext.TryRemove(name, out _))
            {
                context.Response.ContentLength = bytes.Length;
                await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                await context.Response.Body.FlushAsync();
                context.Abort();
                return Results.Empty;
            }

            return Results.File(bytes, "application/octet-stream", enableRangeProcessing: true);
        });
        await app.StartAsync();
        return server;
    }

    public string Serve(string name, byte[] bytes, bool breakOffOnce = false)
    {
        _files[name] = bytes;
        if (breakOffOnce) _breakNext[name] = true;
        return $"{_app.Urls.First()}/files/{name}";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
