using FunAsr.Learning.Compliance.Data;
using FunAsr.Security.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Audit;

public sealed record AuditRow(long Sequence, DateTime At, string Kind, string? ActorId, string? ActorName, string? Subject, string Detail, string PreviousHash, string Hash);

/// <summary><c>/api/compliance/audit</c>: the trail page by page, and <c>/verify</c>, which walks the chain and names the first broken row.</summary>
public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder compliance)
    {
        var audit = compliance.MapGroup("/audit").RequireRole(Roles.Admin);
        audit.MapGet("/", ListAsync);
        audit.MapGet("/verify", VerifyAsync);
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

    private static async Task<Ok<AuditVerification>> VerifyAsync(ComplianceDbContext db, AuditVerifier verifier, CancellationToken cancellationToken) =>
        TypedResults.Ok(await verifier.VerifyAsync(db, cancellationToken));
}
