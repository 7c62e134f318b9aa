using System.Text;
using FunAsr.Learning.Compliance.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Compliance.Webhooks;

/// <summary>
/// Sends the outbox: leases due deliveries (so replicas never send one twice at once), posts each signed body, and on
/// anything but 2xx schedules the next try with doubling back-off up to <see cref="WebhookDispatchOptions.MaxRetry"/>,
/// for as long as it takes: nothing is dropped while a receiver is down.
/// </summary>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes,
    WebhookClient client,
    IOptionsMonitor<ComplianceOptions> options,
    ComplianceTelemetry telemetry,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await DispatchOnceAsync(stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "Webhook dispatch failed; retrying");
            }
            if (sent == 0)
            {
                await Task.Delay(options.CurrentValue.WebhookDispatch.PollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>One pass: the deliveries due now, each sent once. Returns how many were attempted.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (settings.Webhooks.Count == 0)
        {
            return 0;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ComplianceDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.Outbox.Where(d => d.DeliveredAt == null && d.NextAttemptAt <= now && (d.LeasedUntil == null || d.LeasedUntil < now))
            .OrderBy(d => d.NextAttemptAt).Take(settings.WebhookDispatch.BatchSize).Select(d => d.Id).ToListAsync(cancellationToken);
        var attempted = 0;
        foreach (var id in due)
        {
            var lease = now + settings.WebhookDispatch.Timeout * 2;
            // Only the replica whose conditional update wins sends it.
            var leased = await db.Outbox.Where(d => d.Id == id && d.DeliveredAt == null && (d.LeasedUntil == null || d.LeasedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeasedUntil, lease), cancellationToken);
            if (leased == 0)
            {
                continue;
            }
            var delivery = await db.Outbox.AsNoTracking().SingleAsync(d => d.Id == id, cancellationToken);
            attempted++;
            await SendAsync(db, delivery, settings, cancellationToken);
        }
        return attempted;
    }

    private async Task SendAsync(ComplianceDbContext db, WebhookDelivery delivery, ComplianceOptions settings, CancellationToken cancellationToken)
    {
        using var span = ComplianceTelemetry.Source.StartActivity("compliance.webhook.send");
        span?.SetTag("compliance.webhook.receiver", delivery.Receiver);
        span?.SetTag("compliance.webhook.event", delivery.Event);
        span?.SetTag("compliance.webhook.attempt", delivery.Attempts + 1);
        var receiver = settings.Webhooks.FirstOrDefault(r => r.Name == delivery.Receiver);
        string? error = null;
        if (receiver?.Url is null)
        {
            error = $"receiver '{delivery.Receiver}' is no longer configured";
        }
        else
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, receiver.Url)
                {
                    Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(receiver.Secret, time.GetUtcNow().ToUnixTimeSeconds(), delivery.Payload));
                request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
                request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString());
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.WebhookDispatch.Timeout);
                using var response = await client.Http.SendAsync(request, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    error = $"HTTP {(int)response.StatusCode}";
                }
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                error = failure.Message;
            }
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (error is null)
        {
            await db.Outbox.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.DeliveredAt, now).SetProperty(d => d.Attempts, delivery.Attempts + 1)
                .SetProperty(d => d.LeasedUntil, (DateTime?)null).SetProperty(d => d.LastError, (string?)null), cancellationToken);
            telemetry.WebhookDeliveries.Add(1, new("receiver", delivery.Receiver), new("outcome", "delivered"));
            telemetry.WebhookAge.Record((now - delivery.CreatedAt).TotalSeconds, new KeyValuePair<string, object?>("receiver", delivery.Receiver));
            return;
        }
        var backoff = TimeSpan.FromTicks(Math.Min(settings.WebhookDispatch.MaxRetry.Ticks,
            settings.WebhookDispatch.FirstRetry.Ticks * (1L << Math.Min(delivery.Attempts, 30))));
        await db.Outbox.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Attempts, delivery.Attempts + 1).SetProperty(d => d.NextAttemptAt, now + backoff)
            .SetProperty(d => d.LeasedUntil, (DateTime?)null).SetProperty(d => d.LastError, error.Length > 1000 ? error[..1000] : error), cancellationToken);
        telemetry.WebhookDeliveries.Add(1, new("receiver", delivery.Receiver), new("outcome", "failed"));
        span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error);
        logger.LogWarning("Webhook {Event} to {Receiver} failed (attempt {Attempt}): {Error}; next try in {Backoff}",
            delivery.Event, delivery.Receiver, delivery.Attempts + 1, error, backoff);
    }
}
