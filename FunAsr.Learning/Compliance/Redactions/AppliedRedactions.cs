using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Messaging;
using static FunAsr.Learning.Compliance.Streams.RecordFields;

namespace FunAsr.Learning.Compliance.Redactions;

/// <summary>
/// Records a redaction the speech service applied as a <see cref="AuditKinds.RedactionApplied"/> row of the trail: the
/// submitter as the actor (the speech service's job, <c>job:asr</c>, when the record names none), the job's or request's
/// id as the subject, and the source, the classes asked for, the masked spans by kind and the time as the details; each id
/// once (<see cref="AuditTrail.RecordOnceAsync"/>).
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
        var at = Time(redaction.At, "at");

        var recorded = await trail.RecordOnceAsync(db, AuditKinds.RedactionApplied, actor, id, new { source, classes, spans, at }, cancellationToken);
        if (recorded)
        {
            telemetry.RedactionsRecorded.Add(1, new KeyValuePair<string, object?>("source", source));
        }
        return recorded;
    }
}
