using System.Net;
using System.Net.WebSockets;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Infrastructure;
using FunAsr.Tests.Security;
using FunAsr.Tests.Streaming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FunAsr.Tests.ServiceDefaults;

/// <summary>
/// Stopping a service: the shutdown window comes from <c>ShutdownTimeoutSeconds</c> (which the AppHost sets), new
/// connections are refused while in-flight requests finish, a request outlasting the window does not hold the stop up,
/// and a live-caption session ends itself with what it heard and a "reconnect" close.
/// </summary>
public sealed class GracefulShutdownTests
{
    private static async Task<(WebApplication App, Uri Address)> StartAsync(double? windowSeconds, RequestDelegate slow)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "FunAsr.Tests.GracefulShutdown" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (windowSeconds is { } seconds)
        {
            builder.Configuration["ShutdownTimeoutSeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/slow", slow);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    [Fact]
    public async Task The_window_comes_from_ShutdownTimeoutSeconds_and_defaults_to_30_s()
    {
        var (configured, _) = await StartAsync(7, _ => Task.CompletedTask);
        await using (configured)
        {
            Assert.Equal(TimeSpan.FromSeconds(7), configured.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        }
        var (byDefault, _) = await StartAsync(null, _ => Task.CompletedTask);
        await using (byDefault)
        {
            Assert.Equal(TimeSpan.FromSeconds(30), byDefault.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        }
    }

    [Fact]
    public async Task An_in_flight_request_finishes_while_new_connections_are_refused()
    {
        var entered = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var (app, address) = await StartAsync(20, async context =>
        {
            entered.TrySetResult();
            await release.Task;
            await context.Response.WriteAsync("finished");
        });
        await using var _ = app;
        using var inFlightClient = new HttpClient { BaseAddress = address };
        var inFlight = inFlightClient.GetAsync("/slow");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var stopping = app.StopAsync();
        await app.Lifetime.ApplicationStopping.WaitHandleAsync();
        // Kestrel stops listening first: a new client cannot get in.
        using var newClient = new HttpClient { BaseAddress = address };
        await Assert.ThrowsAsync<HttpRequestException>(() => PollUntilRefusedAsync(newClient));
        Assert.False(stopping.IsCompleted, "the stop waits for the request in flight");

        release.SetResult();
        using var response = await inFlight.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("finished", await response.Content.ReadAsStringAsync());
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_request_outlasting_the_window_does_not_hold_the_stop_up()
    {
        var entered = new TaskCompletionSource();
        var (app, address) = await StartAsync(1, async context =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await using var _ = app;
        using var client = new HttpClient { BaseAddress = address };
        var hanging = client.GetAsync("/slow");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Well past the 1 s window but far below "forever": the stop gives up on the request and returns.
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await Assert.ThrowsAnyAsync<Exception>(() => hanging.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_live_session_ends_itself_on_shutdown_with_its_finals_and_a_going_away_close()
    {
        // On Kestrel (the test server does not wait for requests in flight when it stops).
        await using var host = new AsrServiceHost(new Dictionary<string, string?> { ["ShutdownTimeoutSeconds"] = "20" });
        host.UseKestrel(0);
        host.StartServer();
        await host.StartAsync();
        var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader(FunAsr.Security.InternalTokens.InternalAuthentication.HeaderName, TestTokens.For(TestTokens.Admin));
        await socket.ConnectAsync(new Uri(address.Replace("http://", "ws://") + "/api/asr/stream"), CancellationToken.None);
        await LiveSocket.SendJsonAsync(socket, new { type = "start", language = "auto", itn = true, sample_rate = 16000, format = "pcm_s16le" });
        Assert.Equal("ready", (await LiveSocket.ReceiveAsync(socket)).GetProperty("type").GetString());
        var pcm = JobTests.Lecture.ToWav()[44..];
        for (var offset = 0; offset < pcm.Length; offset += 3200)
        {
            await socket.SendAsync(pcm.AsMemory(offset, Math.Min(3200, pcm.Length - offset)), WebSocketMessageType.Binary, true, CancellationToken.None);
        }

        // Stopped once the service has heard the lecture's first words (audio still on the wire would not be read).
        var messages = new List<System.Text.Json.JsonElement>();
        while (!messages.Any(m => m.GetProperty("type").GetString() is "partial" or "final" && m.GetProperty("text").GetString()!.Contains("world")))
        {
            messages.Add(await LiveSocket.ReceiveAsync(socket));
        }
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.StopApplication();
        messages.AddRange(await LiveSocket.ReceiveUntilCloseAsync(socket));
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        var end = Assert.Single(messages, m => m.GetProperty("type").GetString() == "end");
        Assert.Equal("server_shutdown", end.GetProperty("reason").GetString());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        var finals = messages.Where(m => m.GetProperty("type").GetString() == "final").Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.Equal(end.GetProperty("finals").GetInt32(), finals.Count);
        // What the service had heard when it stopped was transcribed to the end, not dropped.
        Assert.True(string.Join(' ', finals).StartsWith("hello world"), $"finals: {string.Join(" | ", finals)}");
        await lifetime.ApplicationStopped.WaitHandleAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task PollUntilRefusedAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync("/alive");
            await Task.Delay(50);
        }
    }
}

internal static class CancellationTokenWaits
{
    public static Task WaitHandleAsync(this CancellationToken token)
    {
        var done = new TaskCompletionSource();
        token.Register(() => done.TrySetResult());
        return done.Task;
    }
}
