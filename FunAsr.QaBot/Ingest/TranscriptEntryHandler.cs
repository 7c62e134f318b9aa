using System.Text.Json;
using FunAsr.Messaging;
using FunAsr.QaBot.Lectures;
using FunAsr.Security.Authorization;
using StackExchange.Redis;

namespace FunAsr.QaBot.Ingest;

/// <summary>
/// Ingests one entry of the <c>transcripts</c> stream (consumed in group <c>qabot</c> by the shared stream consumer).
/// Ingest is idempotent per lecture id, so redelivery is safe; a malformed entry would fail forever, so it is parked on
/// the dead-letter stream and acknowledged.
/// </summary>
public sealed class TranscriptEntryHandler(LectureIngestor ingestor, ILogger<TranscriptEntryHandler> logger) : IStreamEntryHandler
{
    public const string DeadLetterStream = "qa:transcripts:dead";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task HandleAsync(IDatabase database, StreamDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            await ingestor.IngestAsync(ToDraft(delivery.Entry), "stream", cancellationToken);
        }
        catch (Exception ex) when (ex is LectureValidationException or JsonException)
        {
            logger.LogError("Transcript stream entry {EntryId} rejected: {Reason}", delivery.Id, ex.Message);
            await database.StreamAddAsync(DeadLetterStream, [new("entryId", delivery.Id), new("reason", ex.Message), .. delivery.Entry.Values]);
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
        var segments = payload.Segments?.Select(s => new SegmentInput(s.Start, s.End, s.Text, s.Words)).ToList();
        return new CreateLectureRequest(id, title, language, payload.Text, segments) { Ownership = OwnershipOf(entry) };
    }

    // Who submitted the job (or streamed the session) and whom they shared it with. Entries from before owners have no
    // visibility: shared with everyone, as they were. An unknown visibility shares nothing.
    private static Ownership OwnershipOf(StreamEntry entry) => entry["visibility"].IsNullOrEmpty
        ? Ownership.Shared
        : new Ownership(NonEmpty(entry["owner"]), NonEmpty(entry["ownerName"]),
            Visibility.Parse(entry["visibility"].ToString()) ?? Visibility.Private, NonEmpty(entry["department"]));

    private static string? NonEmpty(RedisValue value) => value.IsNullOrEmpty ? null : value.ToString();
}
