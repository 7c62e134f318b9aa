using FunAsr.AsrService.Caching;
using FunAsr.AsrService.Telemetry;
using FunAsr.Messaging;
using FunAsr.Security.Authorization;
using FunAsr.Text.Sensitive;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Compliance;

/// <summary>
/// Records a synchronous request's redaction on <see cref="ComplianceChannels.RedactionsStream"/>, which the compliance
/// service turns into a <c>redaction.applied</c> row of its audit trail: the request's id, the submitter, the classes asked
/// for and the number of spans masked by kind (never a clear value). Best effort, because the answer must not wait on
/// Redis: one XADD, waited for at most <see cref="Timeout"/>; when Redis does not take it the redaction is logged at
/// warning and counted (<c>asr.redactions.unrecorded</c>), and the transcription goes on as if it had been. A job's
/// redaction is not recorded here: its completion adds the entry in the same step (<see cref="Jobs.JobStore.CompleteAsync"/>).
/// </summary>
public sealed class RedactionLog(
    RedisConnection redis,
    IOptionsMonitor<SpeechComplianceOptions> options,
    SpeechComplianceTelemetry telemetry,
    TimeProvider time,
    ILogger<RedactionLog> logger)
{
    /// <summary>How long the one attempt may wait for Redis.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    /// <summary>The masked spans by kind (ordinal order, so the same redaction always reads the same).</summary>
    public static IReadOnlyDictionary<string, int> Count(IEnumerable<SensitiveFinding> findings) =>
        new SortedDictionary<string, int>(findings.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);

    /// <summary>A synchronous request's redaction (<see cref="RedactionEntry.ForTranscription"/>).</summary>
    public Task<bool> RecordTranscriptionAsync(Caller caller, string classes, IReadOnlyDictionary<string, int> spans) =>
        RecordAsync(RedactionEntry.ForTranscription(caller, classes, spans, time.GetUtcNow()));

    /// <returns>True when Redis took the record.</returns>
    private async Task<bool> RecordAsync(RedactionRecord record)
    {
        using var activity = AsrTelemetry.StartStage("redact.record");
        activity?.SetTag("asr.redact.source", record.Source);
        activity?.SetTag("asr.redact.classes", record.Classes);
        activity?.SetTag("asr.redact.spans", record.Spans.Values.Sum());
        if (redis.TryGetDatabase() is not { } database)
        {
            telemetry.Unrecorded(record.Source);
            activity?.SetTag("asr.redact.recorded", false);
            if (redis.IsConfigured)
            {
                logger.LogWarning("Redaction of {Source} {Id} ({Classes}) was not recorded on {Stream}: Redis is unavailable",
                    record.Source, record.Id, record.Classes, ComplianceChannels.RedactionsStream);
            }
            return false;
        }
        try
        {
            await RedisFault.WithinAsync(database.StreamAddAsync(ComplianceChannels.RedactionsStream, RedactionEntry.Fields(record),
                maxLength: options.CurrentValue.MaxStreamLength, useApproximateMaxLength: true), Timeout, time);
            redis.ReportSuccess();
            activity?.SetTag("asr.redact.recorded", true);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (RedisFault.IsOutage(ex))
            {
                redis.ReportFailure(ex);
            }
            telemetry.Unrecorded(record.Source);
            activity?.SetTag("asr.redact.recorded", false);
            logger.LogWarning("Redaction of {Source} {Id} ({Classes}) was not recorded on {Stream}: {Reason}",
                record.Source, record.Id, record.Classes, ComplianceChannels.RedactionsStream, ex.Message);
            return false;
        }
    }
}
