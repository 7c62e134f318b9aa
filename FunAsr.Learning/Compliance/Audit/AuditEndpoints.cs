using FunAsr.Learning.Compliance.Audit.Anchors;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Audit;

public sealed record AuditRow(long Sequence, DateTime At, string Kind, string? ActorId, string? ActorName, string? Subject, string Detail, string PreviousHash, string Hash);

/// <summary>
/// <c>/api/compliance/audit</c>: the trail page by page; <c>/verify</c>, which walks the chain, checks it against the
/// checkpoints kept outside the database and names the first broken row or checkpoint; <c>/anchors</c>, which
/// checkpoints the head now, and <c>/anchors/key</c>, the public key checkpoints verify with.
/// </summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder compliance)
    {
        var audit = compliance.MapGroup("/audit").RequireRole(Roles.Admin);
        audit.MapGet("/", ListAsync);
        audit.MapGet("/verify", VerifyAsync);
        audit.MapPost("/anchors", AnchorAsync);
        audit.MapGet("/anchors/key", (AnchorKey key) => TypedResults.Text(key.PublicKeyPem, "application/x-pem-file"));
        return compliance;
    }

    /// <summary>Newest first; <c>before</c> pages back from a sequence.</summary>
    private static async Task<Ok<List<AuditRow>>> ListAsync(ComplianceDbContext db, long? before, string? kind, int? count, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(count ?? 100, 1, 1000);
        var query = db.AuditTrail.AsNoTracking();
        if (before is { } b) query = query.Where(a => a.Sequence < b);
        if (!string.IsNullOrWhiteSpace(kind)) query = query.Where(a => a.Kind == kind);
        return TypedResults.Ok(await query.OrderByDescending(a => a.Sequence).Take(take)
            .Select(a => new AuditRow(a.Sequence, a.At, a.Kind, a.ActorId, a.ActorName, a.Subject, a.Detail, a.PreviousHash, a.Hash)).ToListAsync(cancellationToken));
    }

    /// <summary>The newest checkpoint and what each sink did; 503 when the head changed and no sink took its checkpoint.</summary>
    private static async Task<Ok<AnchorResult>> AnchorAsync(ComplianceDbContext db, AuditAnchor anchor, CancellationToken cancellationToken)
    {
        var result = await anchor.AnchorAsync(db, cancellationToken);
        return result.Sinks.Count > 0 && !result.Written
            ? throw new AnchorUnavailableException(string.Join("; ", result.Sinks.Select(s => $"{s.Sink}: {s.Error}")))
            : TypedResults.Ok(result);
    }

    private static async Task<Ok<AuditVerification>> VerifyAsync(ComplianceDbContext db, AuditVerifier verifier, CancellationToken cancellationToken) =>
        TypedResults.Ok(await verifier.VerifyAsync(db, cancellationToken));
}
