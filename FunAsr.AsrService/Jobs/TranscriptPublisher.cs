using System.Text.Json;
using FunAsr.AsrService.Transcription;
using FunAsr.Messaging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// Entries of the <c>transcripts</c> stream the Q&amp;A service consumes (fields per docs/api-contract.md). A finished
/// job's entry is written by the job's completion itself (<see cref="JobStore.CompleteAsync"/> adds the transcript JSON
/// as <c>payload</c>), so completing and publishing are one step; a saved live session is published directly.
/// </summary>
public sealed class TranscriptPublisher(IOptions<JobOptions> options)
{
    /// <summary>The job's (or live session's) id: the Q&amp;A service ingests each once, whatever the stream redelivers.</summary>
    public const string JobIdField = "jobId";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The entry's fields except <c>payload</c>, with the current trace context.</summary>
    public static IReadOnlyList<NameValueEntry> EntryFields(string jobId, Transcript transcript) => StreamTelemetry.WithTraceContext(
        new NameValueEntry(JobIdField, jobId),
        new NameValueEntry("lectureId", transcript.Id),
        new NameValueEntry("title", transcript.Title ?? string.Empty),
        new NameValueEntry("language", transcript.Language));

    /// <summary>Publishes a transcript that belongs to no job (a saved live session), under its own id.</summary>
    public async Task PublishAsync(IDatabase database, Transcript transcript) =>
        await database.StreamAddAsync(options.Value.TranscriptsStream,
            [.. EntryFields(transcript.Id, transcript), new NameValueEntry("payload", JsonSerializer.Serialize(transcript, Json))],
            maxLength: options.Value.TranscriptsStreamMaxLength, useApproximateMaxLength: true);
}
