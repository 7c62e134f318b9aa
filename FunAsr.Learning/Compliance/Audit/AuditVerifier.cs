using FunAsr.Learning.Compliance.Audit.Anchors;
using FunAsr.Learning.Compliance.Data;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Audit;

/// <summary>
/// The result of walking the chain: valid, or the first row whose link or hash does not hold, or the first checkpoint
/// kept outside the database that the trail no longer agrees with (<see cref="Anchors"/>).
/// </summary>
public sealed record AuditVerification(bool Valid, long RowsChecked, long? FirstBrokenSequence, string? Problem, string? LastHash, DateTime CheckedAt,
    AnchorVerification? Anchors = null);

/// <summary>
/// Walks the trail in order, recomputing every hash and comparing each checkpointed row with its signed checkpoint; reads
/// in pages, so memory stays flat however long the trail is. The walk alone catches an edit made behind the service's
/// back; the checkpoints also catch a chain rewritten whole (every hash recomputed), as a database superuser could.
/// </summary>
public sealed class AuditVerifier(AuditAnchor anchor, AnchorKey key, TimeProvider time, ComplianceTelemetry telemetry)
{
    private const int PageSize = 1000;

    public async Task<AuditVerification> VerifyAsync(ComplianceDbContext db, CancellationToken cancellationToken = default)
    {
        using var span = ComplianceTelemetry.Source.StartActivity("compliance.audit.verify");
        var snapshot = await anchor.ReadAllAsync(cancellationToken);
        var distinct = snapshot.Stored.GroupBy(s => s.Checkpoint)
            .Select(g => (Checkpoint: g.Key, Sinks: (IReadOnlyList<string>)g.Select(s => s.Sink).Distinct().ToList())).ToList();
        span?.SetTag("compliance.audit.checkpoints", distinct.Count);
        Checkpoint? latest = null;
        AnchorVerification Anchors(int matched, Checkpoint? broken = null, IReadOnlyList<string>? brokenIn = null) =>
            new(distinct.Count, matched, snapshot.Unreadable, anchor.Sinks, snapshot.Unavailable, latest, broken, brokenIn);

        // A checkpoint that does not verify was altered or forged where it is kept: reported before anything is compared with it.
        foreach (var (checkpoint, sinks) in distinct)
        {
            if (key.Check(checkpoint) is { } why)
            {
                return Broken(span, null, 0, $"Checkpoint of row {checkpoint.Sequence} dated {checkpoint.At:O} ({string.Join(", ", sinks)}): {why}.", "signature",
                    Anchors(0, checkpoint, sinks));
            }
        }
        latest = distinct.Select(d => d.Checkpoint).MaxBy(c => (c.Sequence, c.At));

        var checkpoints = new CheckpointCheck(distinct);
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
                    return Broken(span, row.Sequence, checkedRows, $"Row {row.Sequence} ({row.Kind}, {row.At:O}): {problem}.", null, Anchors(checkpoints.Matched));
                }
                if (!checkpoints.Accept(row, checkedRows))
                {
                    return AnchorBroken(span, checkpoints, checkedRows, Anchors);
                }
                expectedPrevious = row.Hash;
                after = row.Sequence;
            }
            if (page.Count < PageSize)
            {
                break;
            }
        }
        if (!checkpoints.Finish(checkedRows == 0 ? null : after, checkedRows))
        {
            return AnchorBroken(span, checkpoints, checkedRows, Anchors);
        }
        telemetry.AuditBroken.Record(0);
        span?.SetTag("compliance.audit.rows", checkedRows);
        return new AuditVerification(true, checkedRows, null, null, checkedRows == 0 ? null : expectedPrevious, time.GetUtcNow().UtcDateTime, Anchors(checkpoints.Matched));
    }

    private AuditVerification AnchorBroken(System.Diagnostics.Activity? span, CheckpointCheck checkpoints, long checkedRows,
        Func<int, Checkpoint?, IReadOnlyList<string>?, AnchorVerification> anchors)
    {
        var (checkpoint, sinks, problem) = checkpoints.Broken!.Value;
        return Broken(span, checkpoint.Sequence, checkedRows, problem, "checkpoint", anchors(checkpoints.Matched, checkpoint, sinks));
    }

    private AuditVerification Broken(System.Diagnostics.Activity? span, long? sequence, long checkedRows, string problem, string? anchorCheck, AnchorVerification anchors)
    {
        span?.SetTag("compliance.audit.broken_at", sequence);
        telemetry.AuditBroken.Record(1);
        if (anchorCheck is not null)
        {
            telemetry.AnchorMismatches.Add(1, new KeyValuePair<string, object?>("check", anchorCheck));
        }
        return new AuditVerification(false, checkedRows, sequence, problem, null, time.GetUtcNow().UtcDateTime, anchors);
    }
}
