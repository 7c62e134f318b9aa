using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FunAsr.Learning.Configuration;
using FunAsr.Learning.Data;
using FunAsr.Learning.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunAsr.Learning.Records;

/// <summary>
/// Forwards stored statements to the company's LRS (<c>Learning:Lrs:Endpoint</c>) from the outbox, oldest first, in batches
/// (<c>POST /statements</c> with <c>X-Experience-API-Version: 1.0.3</c> and HTTP Basic auth, xAPI-Communication.md §2.1.2,
/// §4). An entry leaves the outbox only once the LRS has the statement; while the LRS is down or refuses the credentials the
/// batch waits with exponential back-off (first retry, doubling up to the maximum). A batch the LRS refuses as a whole is
/// sent one statement at a time (<c>PUT ?statementId=</c>): a statement it already holds counts as delivered, one it
/// rejects for good (400, or 409: another statement holds the id) is kept in the outbox marked refused and reported.
/// Replicas may forward the same entry twice; the LRS keeps one copy of identical statements.
/// </summary>
public sealed class LrsForwarder(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    IOptions<LearningOptions> options,
    TimeProvider time,
    LearningTelemetry telemetry,
    ILogger<LrsForwarder> logger) : BackgroundService
{
    public const string HttpClientName = "lrs";
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Forward now rather than at the next poll (after a statement was stored).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lrs = options.Value.Lrs;
        if (!lrs.Enabled)
        {
            return;
        }
        logger.LogInformation("Forwarding learning records to the LRS at {Endpoint}", lrs.Endpoint);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await ForwardBatchAsync(stoppingToken);
                if (sent > 0)
                {
                    continue;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database itself is unavailable: the outbox waits for it.
                logger.LogWarning("LRS forwarding paused: {Reason}", ex.Message);
            }
            await _wake.WaitAsync(lrs.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One batch: how many statements the LRS took (0 when nothing was due or the LRS did not take them).</summary>
    public async Task<int> ForwardBatchAsync(CancellationToken cancellationToken)
    {
        var lrs = options.Value.Lrs;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LearningDbContext>();
        var now = time.GetUtcNow().UtcDateTime;
        telemetry.ReportOutboxDepth(await db.Outbox.CountAsync(o => !o.Refused, cancellationToken));
        var head = await db.Outbox.Where(o => !o.Refused).OrderBy(o => o.Sequence).FirstOrDefaultAsync(cancellationToken);
        if (head is null || head.NextAttemptAt > now)
        {
            return 0;
        }
        var batch = await db.Outbox.Include(o => o.Statement).Where(o => !o.Refused).OrderBy(o => o.Sequence).Take(lrs.BatchSize).ToListAsync(cancellationToken);
        using var span = LearningTelemetry.Source.StartActivity("learning.lrs.forward");
        span?.SetTag("learning.batch", batch.Count);
        var http = httpClients.CreateClient(HttpClientName);
        var body = "[" + string.Join(",", batch.Select(o => o.Statement!.Json)) + "]";
        var (status, error) = await SendAsync(http, HttpMethod.Post, "statements", body, cancellationToken);
        if (status is HttpStatusCode.OK or HttpStatusCode.NoContent)
        {
            db.Outbox.RemoveRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            telemetry.StatementsForwarded.Add(batch.Count);
            return batch.Count;
        }
        if (status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict)
        {
            return await OneByOneAsync(db, http, batch, cancellationToken);
        }
        await BackOffAsync(db, batch, error ?? $"LRS answered {(int?)status}", cancellationToken);
        return 0;
    }

    private async Task<int> OneByOneAsync(LearningDbContext db, HttpClient http, List<OutboxEntry> batch, CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var entry in batch)
        {
            var (status, error) = await SendAsync(http, HttpMethod.Put, $"statements?statementId={entry.StatementId}", entry.Statement!.Json, cancellationToken);
            if (status is HttpStatusCode.NoContent or HttpStatusCode.OK)
            {
                db.Outbox.Remove(entry);
                delivered++;
                continue;
            }
            if (status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict)
            {
                entry.Refused = true;
                entry.LastError = error;
                entry.Attempts++;
                telemetry.ForwardFailures.Add(1, new KeyValuePair<string, object?>("reason", status == HttpStatusCode.Conflict ? "conflict" : "invalid"));
                logger.LogError("The LRS refused statement {StatementId} for good ({Status}): {Error}", entry.StatementId, (int)status, error);
                continue;
            }
            // Down again halfway: the rest waits, in order.
            await BackOffAsync(db, batch.SkipWhile(e => e != entry).ToList(), error ?? $"LRS answered {(int?)status}", cancellationToken);
            break;
        }
        await db.SaveChangesAsync(cancellationToken);
        telemetry.StatementsForwarded.Add(delivered);
        return delivered;
    }

    private async Task BackOffAsync(LearningDbContext db, List<OutboxEntry> waiting, string error, CancellationToken cancellationToken)
    {
        var lrs = options.Value.Lrs;
        var attempts = waiting[0].Attempts + 1;
        var delay = TimeSpan.FromTicks(Math.Min(lrs.MaxRetry.Ticks, lrs.FirstRetry.Ticks * (1L << Math.Min(attempts - 1, 30))));
        var next = time.GetUtcNow().UtcDateTime + delay;
        foreach (var entry in waiting)
        {
            entry.Attempts = Math.Max(entry.Attempts, attempts);
            entry.NextAttemptAt = next;
            entry.LastError = error.Length > 500 ? error[..500] : error;
        }
        await db.SaveChangesAsync(cancellationToken);
        telemetry.ForwardFailures.Add(1, new KeyValuePair<string, object?>("reason", "unavailable"));
        logger.LogWarning("The LRS did not take {Count} statements ({Error}); retry {Attempt} in {Delay}", waiting.Count, error, attempts, delay);
    }

    private async Task<(HttpStatusCode? Status, string? Error)> SendAsync(HttpClient http, HttpMethod method, string path, string json, CancellationToken cancellationToken)
    {
        var lrs = options.Value.Lrs;
        using var request = new HttpRequestMessage(method, new Uri(new Uri(lrs.Endpoint!.TrimEnd('/') + "/"), path))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Experience-API-Version", "1.0.3");
        if (!string.IsNullOrEmpty(lrs.Username))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{lrs.Username}:{lrs.Password}")));
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(lrs.RequestTimeout);
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return (response.StatusCode, null);
            }
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return (response.StatusCode, $"{(int)response.StatusCode}: {(text.Length > 300 ? text[..300] : text)}");
        }
        catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, ex.Message);
        }
    }
}
