using System.Text.Json;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Lectures;
using FunAsr.QaBot.Telemetry;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.QaBot.Ingest;

/// <summary>
/// Consumes the <c>transcripts</c> stream in consumer group <c>qabot</c>: each entry is acknowledged only after the lecture
/// is stored, so a crash leaves it pending; at start and periodically, entries left pending by a dead consumer are claimed
/// (XAUTOCLAIM). Ingest is idempotent per lecture id, so re-delivery is safe.
/// </summary>
public sealed class TranscriptStreamConsumer(
    IConnectionMultiplexer redis,
    LectureIngestor ingestor,
    IOptions<QaBotOptions> options,
    TimeProvider time,
    ILogger<TranscriptStreamConsumer> logger) : BackgroundService
{
    public const string DeadLetterStream = "qa:transcripts:dead";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private IngestOptions Settings => options.Value.Ingest;
    private string Consumer => Settings.ConsumerName ?? $"{Environment.MachineName}-{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Settings.Enabled)
        {
            return;
        }
        var db = redis.GetDatabase();
        var groupReady = false;
        var lastClaim = DateTimeOffset.MinValue;
        logger.LogInformation("Consuming stream {Stream} as {Group}/{Consumer}", Settings.StreamName, Settings.ConsumerGroup, Consumer);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!groupReady)
                {
                    await EnsureGroupAsync(db);
                    // Our own pending entries first (same consumer name after a restart).
                    await ProcessAsync(db, await ReadAsync(db, StreamPosition.Beginning), stoppingToken);
                    groupReady = true;
                }
                var processed = 0;
                if (time.GetUtcNow() - lastClaim >= Settings.ClaimMinIdle)
                {
                    processed += await ProcessAsync(db, await ClaimAbandonedAsync(db), stoppingToken);
                    lastClaim = time.GetUtcNow();
                }
                processed += await ProcessAsync(db, await ReadAsync(db, StreamPosition.NewMessages), stoppingToken);
                if (processed == 0)
                {
                    await Task.Delay(Settings.PollInterval, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RedisException ex)
            {
                logger.LogWarning(ex, "Reading stream {Stream} failed; retrying", Settings.StreamName);
                groupReady = false;
                await Task.Delay(Settings.PollInterval * 5, time, stoppingToken);
            }
            catch (Exception ex)
            {
                // E.g. the embedding endpoint is down: the entry stays pending and is reclaimed later.
                logger.LogError(ex, "Ingesting from stream {Stream} failed; the entry stays pending", Settings.StreamName);
                await Task.Delay(Settings.PollInterval * 5, time, stoppingToken);
            }
        }
    }

    private async Task EnsureGroupAsync(IDatabase db)
    {
        using var span = QaTelemetry.StartRedis("XGROUP CREATE", Settings.StreamName);
        try
        {
            // From the beginning, so transcripts published before QaBot first started are ingested too.
            await db.StreamCreateConsumerGroupAsync(Settings.StreamName, Settings.ConsumerGroup, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // The group exists: another replica or an earlier run created it.
        }
    }

    private async Task<StreamEntry[]> ReadAsync(IDatabase db, RedisValue position)
    {
        using var span = QaTelemetry.StartRedis("XREADGROUP", Settings.StreamName);
        return await db.StreamReadGroupAsync(Settings.StreamName, Settings.ConsumerGroup, Consumer, position, Settings.BatchSize);
    }

    private async Task<StreamEntry[]> ClaimAbandonedAsync(IDatabase db)
    {
        using var span = QaTelemetry.StartRedis("XAUTOCLAIM", Settings.StreamName);
        var result = await db.StreamAutoClaimAsync(
            Settings.StreamName, Settings.ConsumerGroup, Consumer, (long)Settings.ClaimMinIdle.TotalMilliseconds, "0-0", Settings.BatchSize);
        if (result.ClaimedEntries.Length > 0)
        {
            logger.LogInformation("Reclaimed {Count} abandoned entries of stream {Stream}", result.ClaimedEntries.Length, Settings.StreamName);
        }
        return result.ClaimedEntries;
    }

    private async Task<int> ProcessAsync(IDatabase db, StreamEntry[] entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries.Where(e => !e.IsNull))
        {
            using var span = QaTelemetry.Source.StartActivity("qabot.ingest.stream_entry");
            span?.SetTag("messaging.message.id", entry.Id.ToString());
            try
            {
                await ingestor.IngestAsync(ToDraft(entry), "stream", cancellationToken);
            }
            catch (Exception ex) when (ex is LectureValidationException or JsonException)
            {
                // A malformed entry would fail forever: park it where operators can see it, then acknowledge it.
                logger.LogError("Transcript stream entry {EntryId} rejected: {Reason}", entry.Id, ex.Message);
                using (QaTelemetry.StartRedis("XADD", DeadLetterStream))
                {
                    await db.StreamAddAsync(DeadLetterStream,
                        [new("entryId", entry.Id), new("reason", ex.Message), .. entry.Values]);
                }
            }
            using (QaTelemetry.StartRedis("XACK", Settings.StreamName))
            {
                await db.StreamAcknowledgeAsync(Settings.StreamName, Settings.ConsumerGroup, entry.Id);
            }
        }
        return entries.Length;
    }

    private static CreateLectureRequest ToDraft(StreamEntry entry)
    {
        var payloadText = entry["payload"];
        if (payloadText.IsNullOrEmpty)
        {
            throw new LectureValidationException("The entry has no 'payload' field (the transcript JSON).");
        }
        var payload = JsonSerializer.Deserialize<TranscriptPayload>(payloadText.ToString(), Json)
            ?? throw new LectureValidationException("The 'payload' field is JSON null.");
        var id = NonEmpty(entry["lectureId"]) ?? payload.Id;
        var title = NonEmpty(entry["title"]) ?? payload.Title;
        var language = NonEmpty(entry["language"]) ?? payload.Language;
        var segments = payload.Segments?.Select(s => new SegmentInput(s.Start, s.End, s.Text, s.Words)).ToList();
        return new CreateLectureRequest(id, title, language, payload.Text, segments);
    }

    private static string? NonEmpty(RedisValue value) => value.IsNullOrEmpty ? null : value.ToString();
}
