using FunAsr.Learning.Compliance.Data;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Audit;

/// <summary>The result of walking the chain: valid, or the first row whose link or hash does not hold.</summary>
public sealed record AuditVerification(bool Valid, long RowsChecked, long? FirstBrokenSequence, string? Problem, string? LastHash, DateTime CheckedAt);

/// <summary>Walks the trail in order, recomputing every hash; reads in pages, so memory stays flat however long the trail is.</summary>
public sealed class AuditVerifier(TimeProvider time, ComplianceTelemetry telemetry)
{
    private const int PageSize = 1000;

    public async Task<AuditVerification> VerifyAsync(ComplianceDbContext db, CancellationToken cancellationToken = default)
    {
        using var span = ComplianceTelemetry.Source.StartActivity("compliance.audit.verify");
        var expectedPrevious = AuditChain.Genesis;
        long checkedRows = 0;
        long after = 0;
        while (true)
        {
            var page = await db.AuditTrail.AsNoTracking().Where(a => a.Sequence > after).OrderBy(a => a.Sequence).Take(PageSize)
                .ToListAsync(cancellationToken);
            foreach (var row in page)
            {
                checkedRows++;
                string? problem = null;
                if (row.PreviousHash != expectedPrevious)
                {
                    problem = checkedRows == 1
                        ? "the first row does not start the chain (rows before it were removed)"
                        : $"its previous-hash does not match row {after}'s hash: a row was removed or inserted between them";
                }
                else if (AuditChain.HashOf(row.PreviousHash, row) != row.Hash)
                {
                    problem = "its contents no longer match its hash: the row was changed after it was written";
                }
                if (problem is not null)
                {
                    span?.SetTag("compliance.audit.broken_at", row.Sequence);
                    telemetry.AuditBroken.Record(1);
                    return new AuditVerification(false, checkedRows, row.Sequence, $"Row {row.Sequence} ({row.Kind}, {row.At:O}): {problem}.", null, time.GetUtcNow().UtcDateTime);
                }
                expectedPrevious = row.Hash;
                after = row.Sequence;
            }
            if (page.Count < PageSize)
            {
                break;
            }
        }
        telemetry.AuditBroken.Record(0);
        span?.SetTag("compliance.audit.rows", checkedRows);
        return new AuditVerification(true, checkedRows, null, null, checkedRows == 0 ? null : expectedPrevious, time.GetUtcNow().UtcDateTime);
    }
}
