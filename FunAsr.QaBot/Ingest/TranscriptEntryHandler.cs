using System.Text.Json;
using FunAsr.Messaging;
using FunAsr.QaBot.Lectures;
using FunAsr.Security.Authorization;
using StackExchange.Redis;

namespace FunAsr.QaBot.Ingest;

/// <summary>
/// Ingests one entry of the <c>transcripts</c> stream (consumed in group <c>qabot</c> by the shared stream consumer).
/// Each job is ingested once: the ids of jobs already handled are kept in <see cref="IngestedJobsKey"/>, so an entry
/// delivered again (after a crash before its acknowledgement, or a consumer group recreated from the stream's start) is
/// acknowledged without touching the lecture, which may have been edited or deleted since. Ingest itself is idempotent
/// per lecture id and content as well. A malformed entry would fail forever, so it is parked on the dead-letter stream
/// and acknowledged.
/// </summary>
public sealed class TranscriptEntryHandler(LectureIngestor ingestor, TimeProvider time, ILogger<TranscriptEntryHandler> logger) : IStreamEntryHandler
{
    public const string DeadLetterStream = "qa:transcripts:dead";

    /// <summary>The entry field with a redacted job's clear transcript (the payload's shape).</summary>
    public const string ClearPayloadField = "clearPayload";

    /// <summary>Sorted set: id of each job (or live session) whose transcript was handled → when (ms).</summary>
    public const string IngestedJobsKey = "qa:ingested-jobs";

    /// <summary>Ids remembered; far more than the <c>transcripts</c> stream keeps, so no entry it can redeliver is forgotten.</summary>
    public const int RememberedJobs = 100_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(IDatabase database, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        var jobId = NonEmpty(delivery["jobId"]);
        if (jobId is not null && await database.SortedSetScoreAsync(IngestedJobsKey, jobId) is not null)
        {
            logger.LogInformation("Transcript stream entry {EntryId} of job {JobId} was ingested before; acknowledged without ingesting again", delivery.Id, jobId);
            return;
        }
        try
        {
            await ingestor.IngestAsync(ToDraft(delivery.Entry), "stream", cancellationToken);
        }
        catch (Exception ex) when (ex is LectureValidationException or JsonException)
        {
            logger.LogError("Transcript stream entry {EntryId} rejected: {Reason}", delivery.Id, ex.Message);
            await database.StreamAddAsync(DeadLetterStream, [new("entryId", delivery.Id), new("reason", ex.Message), .. delivery.Entry.Values]);
        }
        if (jobId is not null)
        {
            // After the ingest: a crash before this line re-ingests, which the content check makes harmless.
            await database.SortedSetAddAsync(IngestedJobsKey, jobId, time.GetUtcNow().ToUnixTimeMilliseconds());
            await database.SortedSetRemoveRangeByRankAsync(IngestedJobsKey, 0, -RememberedJobs - 1);
        }
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
        return new CreateLectureRequest(id, title, language, payload.Text, SegmentsOf(payload))
        {
            Ownership = OwnershipOf(entry),
            Speakers = payload.Speakers,
            ClearSegments = ClearOf(entry[ClearPayloadField]),
        };
    }

    private static List<SegmentInput>? SegmentsOf(TranscriptPayload payload) =>
        payload.Segments?.Select(s => new SegmentInput(s.Start, s.End, s.Text, s.Words) { Speaker = s.Speaker }).ToList();

    // A redacted job's clear transcript travels in its own field (the speech service's TranscriptPublisher.ClearPayloadField).
    private static List<SegmentInput>? ClearOf(RedisValue clear) => clear.IsNullOrEmpty
        ? null
        : SegmentsOf(JsonSerializer.Deserialize<TranscriptPayload>(clear.ToString(), Json) ?? throw new LectureValidationException("The 'clearPayload' field is JSON null."));

    // Who submitted the job (or streamed the session) and whom they shared it with. Entries from before owners have no
    // visibility: shared with everyone, as they were. An unknown visibility shares nothing.
    private static Ownership OwnershipOf(StreamEntry entry) => entry["visibility"].IsNullOrEmpty
        ? Ownership.Shared
        : new Ownership(NonEmpty(entry["owner"]), NonEmpty(entry["ownerName"]),
            Visibility.Parse(entry["visibility"].ToString()) ?? Visibility.Private, NonEmpty(entry["department"]));

    private static string? NonEmpty(RedisValue value) => value.IsNullOrEmpty ? null : value.ToString();
}
