using System.Text.Json;
using FunAsr.Data.Database;
using FunAsr.Learning.Compliance.Data;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Audit;

/// <summary>
/// Writes compliance events and the changes they record in one transaction that holds the chain: the previous row is
/// read and the new row linked to it while no other writer, in this process or another replica, can append.
/// </summary>
public sealed class AuditTrail(DatabaseConnection connection, TimeProvider time, ComplianceTelemetry telemetry)
{
    // Any fixed number: the advisory lock's name for "someone is appending to the compliance trail".
    private const long ChainLockKey = 0x436f6d706c79;
    private static readonly SemaphoreSlim LocalLock = new(1, 1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction holding the chain lock, appends the events it recorded through the
    /// <see cref="AuditBatch"/>, and commits all of it together: the change and its audit row, or neither.
    /// </summary>
    public async Task<T> WriteAsync<T>(ComplianceDbContext db, Func<AuditBatch, Task<T>> work, CancellationToken cancellationToken = default)
    {
        using var span = ComplianceTelemetry.Source.StartActivity("compliance.audit.write");
        await LocalLock.WaitAsync(cancellationToken);
        try
        {
            var strategy = db.Database.CreateExecutionStrategy();
            return await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                // SQLite: BEGIN IMMEDIATE takes the write lock now. PostgreSQL: a transaction-scoped advisory lock.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                if (connection.Provider == DatabaseProvider.PostgreSql)
                {
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", cancellationToken);
                }
                var batch = new AuditBatch(time);
                var result = await work(batch);
                var previous = await db.AuditTrail.OrderByDescending(a => a.Sequence).Select(a => a.Hash).FirstOrDefaultAsync(cancellationToken)
                               ?? AuditChain.Genesis;
                foreach (var record in batch.Records)
                {
                    record.PreviousHash = previous;
                    record.Hash = AuditChain.HashOf(previous, record);
                    previous = record.Hash;
                    db.AuditTrail.Add(record);
                    telemetry.AuditEvents.Add(1, new KeyValuePair<string, object?>("kind", record.Kind));
                }
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                span?.SetTag("compliance.audit.events", batch.Records.Count);
                return result;
            });
        }
        finally
        {
            LocalLock.Release();
        }
    }

    /// <summary>
    /// Appends an event another service reported, once per kind and subject: the check for an earlier row runs in the
    /// transaction that holds the chain, so a redelivered entry (or two replicas handed the same one) adds no second row.
    /// True when it was recorded now, false when it already was.
    /// </summary>
    public Task<bool> RecordOnceAsync(ComplianceDbContext db, string kind, AuditActor actor, string subject, object details, CancellationToken cancellationToken) =>
        WriteAsync(db, async batch =>
        {
            if (await db.AuditTrail.AnyAsync(a => a.Kind == kind && a.Subject == subject, cancellationToken))
            {
                return false;
            }
            batch.Record(kind, actor, subject, details);
            return true;
        }, cancellationToken);

    public Task WriteAsync(ComplianceDbContext db, Func<AuditBatch, Task> work, CancellationToken cancellationToken = default) =>
        WriteAsync(db, async batch =>
        {
            await work(batch);
            return true;
        }, cancellationToken);

    /// <summary>The events of one transaction, in order.</summary>
    public sealed class AuditBatch(TimeProvider time)
    {
        internal List<AuditRecord> Records { get; } = [];

        public DateTime Now { get; } = AuditChain.Truncate(time.GetUtcNow());

        public void Record(string kind, AuditActor actor, string? subject, object detail) => Records.Add(new AuditRecord
        {
            At = Now,
            Kind = kind,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Subject = subject,
            Detail = JsonSerializer.Serialize(detail, Json),
            PreviousHash = "",
            Hash = "",
        });
    }
}
