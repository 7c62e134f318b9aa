using System.Text.Json;
using FunAsr.Messaging;
using FunAsr.Security.Authorization;
using StackExchange.Redis;

namespace FunAsr.AsrService.Compliance;

/// <summary>
/// The one shape of an entry on <see cref="ComplianceChannels.RedactionsStream"/>, as the compliance service parses it:
/// the <see cref="RedactionRecord"/> as JSON (web casing) in <see cref="ComplianceChannels.RedactionField"/>. A synchronous
/// request's entry is added by <see cref="RedactionLog"/>; a job's is added by the job's completion itself
/// (<see cref="Jobs.JobStore.CompleteAsync"/>).
/// </summary>
public static class RedactionEntry
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A job's redaction, under the job's id, for the job's owner (no spans: a redaction that found nothing).</summary>
    public static RedactionRecord ForJob(string jobId, Ownership ownership, string classes, IReadOnlyDictionary<string, int>? spans, DateTimeOffset at) =>
        new(jobId, RedactionSources.Job, ownership.Owner, ownership.OwnerName, classes, spans ?? new SortedDictionary<string, int>(), at);

    /// <summary>A synchronous request's (or live stream's) redaction, under the gateway's request id (a new id when the call had none).</summary>
    public static RedactionRecord ForTranscription(Caller caller, string classes, IReadOnlyDictionary<string, int> spans, DateTimeOffset at) =>
        new(caller.RequestId ?? Guid.NewGuid().ToString("N"), RedactionSources.Transcription, caller.Subject, caller.Name, classes, spans, at);

    /// <summary>The entry's field/value pairs.</summary>
    public static NameValueEntry[] Fields(RedactionRecord record) =>
        [new(ComplianceChannels.RedactionField, JsonSerializer.Serialize(record, Json))];
}
