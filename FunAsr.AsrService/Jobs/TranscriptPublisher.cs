using System.Text.Json;
using FunAsr.AsrService.Transcription;
using FunAsr.Messaging;
using FunAsr.Security.Authorization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// Entries of the <c>transcripts</c> stream the Q&amp;A service consumes (fields per docs/api-contract.md), with who owns
/// the lecture it becomes and whom it is shared with. A finished job's entry is written by the job's completion itself
/// (<see cref="JobStore.CompleteAsync"/> adds the transcript JSON as <c>payload</c>), so completing and publishing are one
/// step; a saved live session is published directly.
/// </summary>
public sealed class TranscriptPublisher(IOptions<JobOptions> options)
{
    /// <summary>The job's (or live session's) id: the Q&amp;A service ingests each once, whatever the stream redelivers.</summary>
    public const string JobIdField = "jobId";

    /// <summary>A redacted job's clear transcript (JSON, the payload's shape), present only when the clear copy is kept.</summary>
    public const string ClearPayloadField = "clearPayload";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The entry's fields except <c>payload</c>, with the current trace context.</summary>
    public static IReadOnlyList<NameValueEntry> EntryFields(string jobId, Transcript transcript, Ownership ownership) => StreamTelemetry.WithTraceContext(
        new NameValueEntry(JobIdField, jobId),
        new NameValueEntry("lectureId", transcript.Id),
        new NameValueEntry("title", transcript.Title ?? string.Empty),
        new NameValueEntry("language", transcript.Language),
        new NameValueEntry("owner", ownership.Owner ?? string.Empty),
        new NameValueEntry("ownerName", ownership.OwnerName ?? string.Empty),
        new NameValueEntry("visibility", ownership.Visibility),
        new NameValueEntry("department", ownership.Department ?? string.Empty));

    /// <summary>
    /// The fields of a finished job's entry: with its clear transcript as <c>clearPayload</c> when it was redacted and the
    /// clear copy is kept (the Q&amp;A service stores it apart from the lecture, for the roles allowed to see it).
    /// </summary>
    public static IReadOnlyList<NameValueEntry> EntryFields(string jobId, RecognizedJob recognized, Ownership ownership) => recognized.Clear is { } clear
        ? [.. EntryFields(jobId, recognized.Result, ownership), new NameValueEntry(ClearPayloadField, JsonSerializer.Serialize(clear, Json))]
        : EntryFields(jobId, recognized.Result, ownership);

    /// <summary>Publishes a transcript that belongs to no job (a saved live session), under its own id.</summary>
    public async Task PublishAsync(IDatabase database, Transcript transcript, Ownership ownership) =>
        await database.StreamAddAsync(options.Value.TranscriptsStream,
            [.. EntryFields(transcript.Id, transcript, ownership), new NameValueEntry("payload", JsonSerializer.Serialize(transcript, Json))],
            maxLength: options.Value.TranscriptsStreamMaxLength, useApproximateMaxLength: true);
}
