using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Messaging;
using FunAsr.Security.Authorization;
using static FunAsr.Learning.Compliance.Streams.RecordFields;

namespace FunAsr.Learning.Compliance.Access;

/// <summary>
/// Records a view of a redacted lecture's clear text as a <see cref="AuditKinds.ClearTextViewed"/> row of the trail: the
/// viewer as the actor, the view's request id as the subject, the lecture, its title, the viewer's role and the time of
/// the view as the details; each request id once (<see cref="AuditTrail.RecordOnceAsync"/>).
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
        var at = Time(access.At, "at");

        var recorded = await trail.RecordOnceAsync(db, AuditKinds.ClearTextViewed, viewer, requestId, new { lectureId, title, role, at }, cancellationToken);
        if (recorded)
        {
            telemetry.ClearTextViews.Add(1, new KeyValuePair<string, object?>("role", Roles.IsKnown(role) ? role : "other"));
        }
        return recorded;
    }
}
