using System.Text.Json;
using FunAsr.AsrService.Transcription;
using FunAsr.Messaging;
using FunAsr.Security.Authorization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FunAsr.AsrService.Jobs;

/// <summary>
/// Publishes finished transcripts to the <c>transcripts</c> stream the Q&amp;A service consumes (fields per docs/api-contract.md),
/// with who owns the lecture it becomes and whom it is shared with.
/// </summary>
public sealed class TranscriptPublisher(IOptions<JobOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task PublishAsync(IDatabase database, Transcript transcript, Ownership ownership)
    {
        var stream = options.Value.TranscriptsStream;
        await database.StreamAddAsync(stream, StreamTelemetry.WithTraceContext(
            new NameValueEntry("lectureId", transcript.Id),
            new NameValueEntry("title", transcript.Title ?? string.Empty),
            new NameValueEntry("language", transcript.Language),
            new NameValueEntry("owner", ownership.Owner ?? string.Empty),
            new NameValueEntry("ownerName", ownership.OwnerName ?? string.Empty),
            new NameValueEntry("visibility", ownership.Visibility),
            new NameValueEntry("department", ownership.Department ?? string.Empty),
            new NameValueEntry("payload", JsonSerializer.Serialize(transcript, Json))),
            maxLength: options.Value.TranscriptsStreamMaxLength, useApproximateMaxLength: true);
    }
}
