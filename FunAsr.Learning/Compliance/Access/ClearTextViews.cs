using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Messaging;
using FunAsr.Security.Authorization;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Access;

/// <summary>
/// Records a view of a redacted lecture's clear text as a <see cref="AuditKinds.ClearTextViewed"/> row of the trail: the
/// viewer as the actor, the view's request id as the subject, the lecture, its title, the viewer's role and the time of
/// the view as the details. Each request id is recorded once: the check for an earlier row runs in the transaction that
/// holds the chain, so a redelivered entry (or two replicas handed the same one) cannot add a second row.
/// </summary>
public sealed class ClearTextViews(ComplianceDbContext db, AuditTrail trail, ComplianceTelemetry telemetry)
{
    /// <summary>True when the view was recorded now, false when its request id already was.</summary>
    public async Task<bool> RecordAsync(ClearTextAccess access, CancellationToken cancellationToken)
    {
        var requestId = Required(access.RequestId, "requestId", 256);
        var lectureId = Required(access.LectureId, "lectureId", 128);
        var viewer = new AuditActor(Required(access.ViewerId, "viewerId", 450), Optional(access.ViewerName, "viewerName", 256));
        var role = Required(access.Role, "role", 40);
        var title = Optional(access.Title, "title", 300);
        if (access.At == default)
        {
            throw new ComplianceValidationException("at is required.");
        }
        var at = AuditChain.Truncate(access.At);

        var recorded = await trail.WriteAsync(db, async batch =>
        {
            if (await db.AuditTrail.AnyAsync(a => a.Kind == AuditKinds.ClearTextViewed && a.Subject == requestId, cancellationToken))
            {
                return false;
            }
            batch.Record(AuditKinds.ClearTextViewed, viewer, requestId, new { lectureId, title, role, at });
            return true;
        }, cancellationToken);
        if (recorded)
        {
            telemetry.ClearTextViews.Add(1, new KeyValuePair<string, object?>("role", Roles.IsKnown(role) ? role : "other"));
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
