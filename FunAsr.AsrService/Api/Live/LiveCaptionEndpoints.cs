using System.Diagnostics;
using System.Net.WebSockets;
using System.Security.Claims;
using FunAsr.AsrService.Access;
using FunAsr.AsrService.Compliance;
using FunAsr.AsrService.Recognition;
using FunAsr.AsrService.Speakers;
using FunAsr.AsrService.Streaming;
using FunAsr.AsrService.Transcription;
using FunAsr.Security.Authorization;
using FunAsr.Text.Sensitive;
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
            .WithDescription("diarize=true (or \"diarize\":true in the start message): final captions say who speaks (speaker, speakerName). " +
                "redact=pii|pci|numbers|terms (and redact_mask) as for uploads: partial and final captions and the saved transcript are masked.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> HandleAsync(
        HttpContext context,
        ClaimsPrincipal user,
        AudioUsage usage,
        ModelReadiness readiness,
        IOptions<SubtitleRules> rules,
        IOptions<LiveCaptionOptions> options,
        LiveStreamLimiter limiter,
        LiveTelemetry telemetry,
        LiveTranscriptSaver saver,
        IHostApplicationLifetime lifetime,
        LiveFindingMonitor monitor,
        LiveSpeakers speakers,
        ILoggerFactory loggerFactory,
        TranscriptRedactor redactor,
        RedactionLog redactions,
        bool? diarize = null,
        string[]? redact = null,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "redact_mask")] string? redactMask = null)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "WebSocket required",
                detail: "GET /api/asr/stream must be a WebSocket upgrade request (ws:// or wss://).");
        }

        // A bad redact value is refused before the upgrade, as problem details worded as the upload routes word them.
        var (classes, mask) = RedactionRequests.Parse(redact, redactMask);
        var redaction = classes is null ? null
            : new LiveRedaction(redactor, new RedactionRequest(RedactionClassNames.Parse([classes]), mask), classes);
        Activity.Current?.SetTag("asr.live.redact", classes ?? "none");

        // The model is needed before the socket opens: a stream during warm-up is a 503 the client retries.
        var recognizer = readiness.Recognizer;
        // Speakers asked for in the address are refused before the upgrade, as problem details naming what to fetch.
        if (diarize == true)
        {
            speakers.Check();
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var logger = loggerFactory.CreateLogger("FunAsr.AsrService.Streaming.LiveCaptions");
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            var refusal = new LiveCaptionSession(socket, recognizer, rules.Value, options.Value, telemetry, logger);
            await refusal.RefuseAsync(WebSocketCloseStatus.EndpointUnavailable, LiveCaptionSession.ShutdownReason,
                "This replica is shutting down; connect again (another replica takes the stream).", context.RequestAborted);
            return TypedResults.Empty;
        }
        if (!limiter.TryEnter())
        {
            telemetry.Refused();
            var limit = options.Value.MaxConcurrentStreams;
            var refusal = new LiveCaptionSession(socket, recognizer, rules.Value, options.Value, telemetry, logger);
            await refusal.RefuseAsync(LiveCloseStatus.TryAgainLater, "too_many_streams",
                $"This replica already serves {limit} live streams (its limit); try again shortly.", context.RequestAborted);
            return TypedResults.Empty;
        }

        var caller = Caller.Of(user);
        var account = AudioAccount.Of(caller);
        telemetry.Opened();
        var outcome = "failed";
        try
        {
            var session = new LiveCaptionSession(socket, recognizer, rules.Value, options.Value, telemetry, logger)
            {
                // Saving makes a lecture, which is content work; the captions themselves are for everyone.
                Save = (transcriber, title, token) => caller.IsAtLeast(Roles.Content)
                    ? saver.SaveAsync(transcriber, title, Ownership.Of(caller, Visibility.Everyone), redaction, token)
                    : throw new LiveProtocolException(WebSocketCloseStatus.PolicyViolation, "save_forbidden",
                        $"Saving a live session as a lecture needs the content role (yours is {caller.Role}); the captions you received are unaffected."),
                Charge = (seconds, token) => ChargeAsync(usage, account, seconds, token),
                Drain = lifetime.ApplicationStopping,
                Diarize = diarize == true,
                Redaction = redaction,
                OpenSpeakers = token => speakers.OpenAsync(VoiceTenant.Of(user), token),
                OnFinal = monitor.Enabled ? (id, final, token) => monitor.ScreenAsync(new LiveSpeaker(id, caller.Subject, caller.Name), final, token) : null,
            };
            if ((await usage.PeekAsync(account, context.RequestAborted)) is { Allowed: false } spent)
            {
                outcome = "audio_quota_exceeded";
                await session.RefuseAsync(LiveCloseStatus.TryAgainLater, outcome, QuotaSpent(account, spent.ResetAfter), context.RequestAborted);
                return TypedResults.Empty;
            }
            outcome = await session.RunAsync(context.RequestAborted);
        }
        finally
        {
            limiter.Exit();
            telemetry.Closed(outcome);
        }
        if (redaction is not null)
        {
            // One record per stream, as for a synchronous request: the counts by kind of what its finals masked.
            await redactions.RecordTranscriptionAsync(caller, redaction.Classes, RedactionLog.Count(redaction.Redacted));
        }

        return TypedResults.Empty;
    }

    // Audio already received is transcribed; a stream that has used the caller's hour is closed with the reason.
    private static async Task ChargeAsync(AudioUsage usage, AudioAccount account, double seconds, CancellationToken cancellationToken)
    {
        if (!await usage.ChargeAsync(account, seconds, cancellationToken))
        {
            var left = await usage.PeekAsync(account, cancellationToken);
            throw new LiveProtocolException(WebSocketCloseStatus.PolicyViolation, "audio_quota_exceeded", QuotaSpent(account, left.ResetAfter));
        }
    }

    private static string QuotaSpent(AudioAccount account, TimeSpan resetAfter) =>
        $"You have used this hour's {account.AudioSecondsPerHour / 60} minutes of audio. More is available in {Math.Max(1, (int)Math.Ceiling(resetAfter.TotalMinutes))} minutes.";
}
