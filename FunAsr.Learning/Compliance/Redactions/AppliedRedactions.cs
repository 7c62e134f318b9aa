using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Messaging;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Redactions;

/// <summary>
/// Records a redaction the speech service applied as a <see cref="AuditKinds.RedactionApplied"/> row of the trail: the
/// submitter as the actor (the speech service's job, <c>job:asr</c>, when the record names none), the job's or request's
/// id as the subject, and the source, the classes asked for, the masked spans by kind and the time as the details. Each id
/// is recorded once: the check for an earlier row runs in the transaction that holds the chain, so a redelivered entry (or
/// two replicas handed the same one) cannot add a second row.
/// </summary>
public sealed class AppliedRedactions(ComplianceDbContext db, AuditTrail trail, ComplianceTelemetry telemetry)
{
    private const int MaxKinds = 64;

    /// <summary>True when the redaction was recorded now, false when its id already was.</summary>
    public async Task<bool> RecordAsync(RedactionRecord redaction, CancellationToken cancellationToken)
    {
        var id = Required(redaction.Id, "id", 256);
        var source = Required(redaction.Source, "source", 40) is var named && named is RedactionSources.Job or RedactionSources.Transcription
            ? named
            : throw new ComplianceValidationException($"source must be '{RedactionSources.Job}' or '{RedactionSources.Transcription}'.");
        var actor = Optional(redaction.SubmitterId, "submitterId", 450) is { } submitter
            ? new AuditActor(submitter, Optional(redaction.SubmitterName, "submitterName", 256))
            : AuditActor.Job("asr");
        var classes = Required(redaction.Classes, "classes", 100);
        var spans = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (kind, count) in redaction.Spans ?? new Dictionary<string, int>())
        {
            if (count < 0)
            {
                throw new ComplianceValidationException($"spans of '{kind}' cannot be negative.");
            }
            spans[Required(kind, "a span kind", 40)] = count;
        }
        if (spans.Count > MaxKinds)
        {
            throw new ComplianceValidationException($"spans is limited to {MaxKinds} kinds.");
        }
        if (redaction.At == default)
        {
            throw new ComplianceValidationException("at is required.");
        }
        var at = AuditChain.Truncate(redaction.At);

        var recorded = await trail.WriteAsync(db, async batch =>
        {
            if (await db.AuditTrail.AnyAsync(a => a.Kind == AuditKinds.RedactionApplied && a.Subject == id, cancellationToken))
            {
                return false;
            }
            batch.Record(AuditKinds.RedactionApplied, actor, id, new { source, classes, spans, at });
            return true;
        }, cancellationToken);
        if (recorded)
        {
            telemetry.RedactionsRecorded.Add(1, new KeyValuePair<string, object?>("source", source));
        }
        return recorded;
    }

    private static string Required(string? value, string name, int max) =>
        string.IsNullOrWhiteSpace(value) ? throw new ComplianceValidationException($"{name} is required.") : Optional(value, name, max)!;

    private static string? Optional(string? value, string name, int max) =>
        string.IsNullOrWhiteSpace(value) ? null
        : value.Trim() is { Length: var length } trimmed && length <= max ? trimmed
        : throw new ComplianceValidationException($"{name} is limited to {max} characters.");
}
