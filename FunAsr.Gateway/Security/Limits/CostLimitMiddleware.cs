using FunAsr.Gateway.Configuration;
using FunAsr.Gateway.Errors;
using FunAsr.Gateway.Proxy;
using FunAsr.Gateway.Telemetry;
using FunAsr.Security.Authorization;
using FunAsr.Security.Limits;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace FunAsr.Gateway.Security.Limits;

/// <summary>
/// Limits by cost, per person and per key, in the shared store: requests per minute on every API call; audio
/// routes are refused once the hour's audio seconds are spent (services charge what they decode); a live caption
/// stream holds one of the caller's concurrent-stream slots for as long as it is open.
/// </summary>
public sealed class CostLimitMiddleware(RequestDelegate next, ILimitStore store, IOptionsMonitor<GatewayOptions> options,
    GatewayMetrics metrics, ILogger<CostLimitMiddleware> logger)
{
    public static readonly TimeSpan RequestWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LeaseTimeToLive = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LeaseRenewal = TimeSpan.FromSeconds(20);

    public async Task InvokeAsync(HttpContext context)
    {
        var settings = options.CurrentValue;
        if (!IsLimited(context.Request.Path) || GatewayCaller.From(context, settings) is not { } caller)
        {
            await next(context);
            return;
        }
        var quota = GatewayCaller.QuotaOf(settings, caller.Role);
        using var span = GatewayMetrics.Source.StartActivity("gateway.limits");
        try
        {
            var requests = await store.TryChargeAsync(LimitNames.Requests, GatewayCaller.Subjects(context, caller, quota.RequestsPerMinute), 1, RequestWindow);
            RateLimitHeaders.Apply(context.Response, requests, RequestWindow);
            if (!requests.Allowed)
            {
                await RefuseAsync(context, LimitNames.Requests, requests,
                    $"You have made too many requests. Wait {RateLimitHeaders.Seconds(requests.ResetAfter)} seconds and try again.", "rate_limit_exceeded");
                return;
            }
            if (IsAudioRoute(context))
            {
                var audio = await store.PeekAsync(LimitNames.AudioSeconds, GatewayCaller.Subjects(context, caller, quota.AudioSecondsPerHour), LimitNames.AudioWindow);
                if (!audio.Allowed)
                {
                    RateLimitHeaders.Apply(context.Response, audio, LimitNames.AudioWindow);
                    await RefuseAsync(context, LimitNames.AudioSeconds, audio,
                        $"You have used this hour's {quota.AudioSecondsPerHour / 60} minutes of audio. More is available in {Minutes(audio.ResetAfter)} minutes.",
                        "audio_quota_exceeded");
                    return;
                }
            }
            if (ApiKeyAuthenticationHandler.IsWebSocketUpgrade(context.Request))
            {
                await HoldLiveStreamAsync(context, caller, quota);
                return;
            }
        }
        catch (LimitStoreUnavailableException error)
        {
            logger.LogError(error, "Cost limits cannot be checked; refusing the request");
            metrics.Rejected("limits_unavailable");
            context.Response.Headers.RetryAfter = "5";
            await GatewayError.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Limits unavailable",
                "The gateway cannot check usage limits right now (its shared store is unreachable). Try again shortly.",
                "server_error", "limits_unavailable");
            return;
        }
        await next(context);
    }

    private async Task HoldLiveStreamAsync(HttpContext context, Caller caller, RoleQuota quota)
    {
        var subjects = GatewayCaller.Subjects(context, caller, quota.ConcurrentLiveStreams);
        var lease = Guid.NewGuid().ToString("N");
        var slot = await store.TryAcquireAsync(LimitNames.LiveStreams, subjects, lease, LeaseTimeToLive);
        if (!slot.Allowed)
        {
            await RefuseAsync(context, LimitNames.LiveStreams, slot,
                $"You already have {quota.ConcurrentLiveStreams} live caption stream(s) open. Close one and try again.", "too_many_live_streams");
            return;
        }
        // A replica that dies stops renewing; its slot frees itself within one time to live.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var renewal = RenewAsync(subjects, lease, stop.Token);
        try
        {
            await next(context);
        }
        finally
        {
            await stop.CancelAsync();
            await renewal;
            try
            {
                await store.ReleaseAsync(LimitNames.LiveStreams, subjects, lease);
            }
            catch (LimitStoreUnavailableException error)
            {
                logger.LogWarning(error, "A live stream slot could not be released; it expires by itself");
            }
        }
    }

    private async Task RenewAsync(IReadOnlyList<LimitSubject> subjects, string lease, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(LeaseRenewal);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await store.RenewAsync(LimitNames.LiveStreams, subjects, lease, LeaseTimeToLive, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (LimitStoreUnavailableException error)
        {
            logger.LogWarning(error, "A live stream slot could not be renewed");
        }
    }

    private async Task RefuseAsync(HttpContext context, string limit, LimitDecision decision, string detail, string code)
    {
        metrics.Limited(limit);
        context.Response.Headers.RetryAfter = RateLimitHeaders.Seconds(decision.ResetAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        System.Diagnostics.Activity.Current?.AddEvent(new System.Diagnostics.ActivityEvent("gateway.rate_limited",
            tags: new System.Diagnostics.ActivityTagsCollection { ["limit"] = limit }));
        await GatewayError.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests", detail, "requests", code);
    }

    private static bool IsLimited(PathString path) =>
        (path.StartsWithSegments("/api") || path.StartsWithSegments("/v1")) && !path.StartsWithSegments("/api/account/login");

    /// <summary>Routes that take audio: the ones whose body limit is the upload limit.</summary>
    private static bool IsAudioRoute(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config.Metadata is { } metadata
        && metadata.TryGetValue(BodyLimitMiddleware.MetadataKey, out var kind) && kind == BodyLimitMiddleware.UploadValue;

    private static long Minutes(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalMinutes));
}
