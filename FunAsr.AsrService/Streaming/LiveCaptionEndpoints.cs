using System.Net.WebSockets;
using FunAsr.AsrService.Recognition;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Streaming;

public static class LiveCaptionEndpoints
{
    public static IServiceCollection AddLiveCaptions(this IServiceCollection services)
    {
        services.AddOptions<LiveCaptionOptions>().BindConfiguration(LiveCaptionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveTelemetry>();
        services.AddSingleton<LiveStreamLimiter>();
        services.AddSingleton<LiveTranscriptSaver>();
        return services;
    }

    /// <summary>Maps <c>GET /api/asr/stream</c> (WebSocket) on the ASR group.</summary>
    public static RouteGroupBuilder MapLiveCaptions(this RouteGroupBuilder group)
    {
        group.MapGet("/stream", HandleAsync)
            .WithName("LiveCaptions")
            .WithSummary("Live captions over WebSocket: a JSON start message, then binary 16 kHz audio; partial and final captions come back.")
            .Produces(StatusCodes.Status400BadRequest);
        return group;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        ISpeechRecognizer recognizer,
        IOptions<LiveCaptionOptions> options,
        LiveStreamLimiter limiter,
        LiveTelemetry telemetry,
        LiveTranscriptSaver saver,
        ILoggerFactory loggerFactory)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "WebSocket required",
                detail: "GET /api/asr/stream must be a WebSocket upgrade request (ws:// or wss://).");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var logger = loggerFactory.CreateLogger("FunAsr.AsrService.Streaming.LiveCaptions");
        if (!limiter.TryEnter())
        {
            telemetry.Refused();
            var limit = options.Value.MaxConcurrentStreams;
            var refusal = new LiveCaptionSession(socket, recognizer, options.Value, telemetry, logger);
            await refusal.RefuseAsync(LiveCloseStatus.TryAgainLater, "too_many_streams",
                $"This replica already serves {limit} live streams (its limit); try again shortly.", context.RequestAborted);
            return Results.Empty;
        }

        telemetry.Opened();
        string outcome = "failed";
        try
        {
            var session = new LiveCaptionSession(socket, recognizer, options.Value, telemetry, logger) { Save = saver.SaveAsync };
            outcome = await session.RunAsync(context.RequestAborted);
        }
        finally
        {
            limiter.Exit();
            telemetry.Closed(outcome);
        }

        return Results.Empty;
    }
}

/// <summary>Counts open live streams against <see cref="LiveCaptionOptions.MaxConcurrentStreams"/>.</summary>
public sealed class LiveStreamLimiter(IOptions<LiveCaptionOptions> options)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _open) <= options.Value.MaxConcurrentStreams)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _open);
}
