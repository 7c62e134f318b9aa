using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Streaming;
using FunAsr.AsrService.Transcription;
using FunAsr.Text.Subtitles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Api.Live;

public static class LiveCaptionEndpoints
{
    /// <summary>Maps <c>GET /api/asr/stream</c> (WebSocket) on the ASR group.</summary>
    public static RouteGroupBuilder MapLiveCaptions(this RouteGroupBuilder group)
    {
        group.MapGet("/stream", HandleAsync)
            .WithName("LiveCaptions")
            .WithSummary("Live captions over WebSocket: a JSON start message, then binary 16 kHz audio; partial and final captions come back.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> HandleAsync(
        HttpContext context,
        ModelReadiness readiness,
        IOptions<SubtitleRules> rules,
        IOptions<LiveCaptionOptions> options,
        LiveStreamLimiter limiter,
        LiveTelemetry telemetry,
        LiveTranscriptSaver saver,
        ILoggerFactory loggerFactory)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "WebSocket required",
                detail: "GET /api/asr/stream must be a WebSocket upgrade request (ws:// or wss://).");
        }

        // The model is needed before the socket opens: a stream during warm-up is a 503 the client retries.
        var recognizer = readiness.Recognizer;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var logger = loggerFactory.CreateLogger("FunAsr.AsrService.Streaming.LiveCaptions");
        if (!limiter.TryEnter())
        {
            telemetry.Refused();
            var limit = options.Value.MaxConcurrentStreams;
            var refusal = new LiveCaptionSession(socket, recognizer, rules.Value, options.Value, telemetry, logger);
            await refusal.RefuseAsync(LiveCloseStatus.TryAgainLater, "too_many_streams",
                $"This replica already serves {limit} live streams (its limit); try again shortly.", context.RequestAborted);
            return TypedResults.Empty;
        }

        telemetry.Opened();
        var outcome = "failed";
        try
        {
            var session = new LiveCaptionSession(socket, recognizer, rules.Value, options.Value, telemetry, logger) { Save = saver.SaveAsync };
            outcome = await session.RunAsync(context.RequestAborted);
        }
        finally
        {
            limiter.Exit();
            telemetry.Closed(outcome);
        }

        return TypedResults.Empty;
    }
}
