using FunAsr.Learning.Compliance.Data;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Learning.Compliance.Audit.Anchors;

/// <summary>
/// Checkpoints the chain's head outside the database: signs {last sequence, its hash, row count, time, key id} and
/// appends it to every sink. A sink that fails is logged and counted and the others still get the checkpoint. Before
/// signing a new head it checks the last checkpoint still holds, so the service never signs a chain rewritten under it.
/// </summary>
public sealed class AuditAnchor(IEnumerable<IAnchorSink> sinks, AnchorKey key, TimeProvider time, ComplianceTelemetry telemetry, ILogger<AuditAnchor> logger)
{
    private readonly IAnchorSink[] _sinks = sinks.Where(s => s.Enabled).ToArray();
    private readonly SemaphoreSlim _lock = new(1, 1);
    private Checkpoint? _last;
    private bool _loaded;

    public IReadOnlyList<string> Sinks => _sinks.Select(s => s.Name).ToList();

    /// <summary>Writes a checkpoint of the current head when it changed since the last one; returns the newest checkpoint a sink holds.</summary>
    public async Task<AnchorResult> AnchorAsync(ComplianceDbContext db, CancellationToken cancellationToken)
    {
        using var span = ComplianceTelemetry.Source.StartActivity("compliance.audit.anchor");
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (!_loaded)
            {
                // After a restart, the newest checkpoint any sink holds is the one the chain must still extend.
                _last = (await ReadAllAsync(cancellationToken)).Stored.Select(s => s.Checkpoint).Where(c => key.Check(c) is null)
                    .MaxBy(c => (c.Sequence, c.At));
                _loaded = true;
            }
            var head = await db.AuditTrail.AsNoTracking().OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken);
            if (head is null || (_last is not null && head.Sequence == _last.Sequence && head.Hash == _last.Hash))
            {
                return new AnchorResult(_last, false, []);
            }
            if (_last is not null)
            {
                var pinned = await db.AuditTrail.AsNoTracking().Where(a => a.Sequence == _last.Sequence).Select(a => a.Hash).FirstOrDefaultAsync(cancellationToken);
                if (pinned != _last.Hash)
                {
                    telemetry.AnchorMismatches.Add(1, new KeyValuePair<string, object?>("check", "anchor"));
                    logger.LogError("Not signing the audit head: row {Sequence} no longer has the hash checkpointed at {At} ({Hash}); the chain was rewritten",
                        _last.Sequence, _last.At, _last.Hash);
                    throw new ComplianceConflictException(
                        $"Row {_last.Sequence} no longer has the hash checkpointed at {_last.At:O}: the chain was rewritten, and a rewritten head is not signed.",
                        "anchor_mismatch");
                }
            }
            var rows = await db.AuditTrail.LongCountAsync(a => a.Sequence <= head.Sequence, cancellationToken);
            var at = AuditChain.Truncate(time.GetUtcNow());
            var signature = key.Sign(System.Text.Encoding.UTF8.GetBytes(Checkpoint.SignedText(head.Sequence, head.Hash, rows, at, key.KeyId)));
            var checkpoint = new Checkpoint(head.Sequence, head.Hash, rows, at, key.KeyId, signature);
            span?.SetTag("compliance.audit.anchor.sequence", checkpoint.Sequence);

            var outcomes = new List<SinkOutcome>();
            foreach (var sink in _sinks)
            {
                outcomes.Add(await WriteAsync(sink, checkpoint, cancellationToken));
            }
            var written = outcomes.Any(o => o.Written);
            if (written)
            {
                _last = checkpoint;
            }
            else
            {
                logger.LogError("No anchor sink took the checkpoint of audit row {Sequence}: the head is not anchored outside the database", checkpoint.Sequence);
            }
            span?.SetTag("compliance.audit.anchor.written", outcomes.Count(o => o.Written));
            return new AnchorResult(written ? checkpoint : _last, written, outcomes);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Every checkpoint every sink holds (the same one from two sinks appears twice), and the sinks that could not be read.</summary>
    public async Task<AnchorSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        using var span = ComplianceTelemetry.Source.StartActivity("compliance.audit.anchors.read");
        var stored = new List<StoredCheckpoint>();
        var unavailable = new List<string>();
        var unreadable = 0;
        foreach (var sink in _sinks)
        {
            try
            {
                var read = await sink.ReadAsync(cancellationToken);
                stored.AddRange(read.Checkpoints.Select(c => new StoredCheckpoint(sink.Name, c)));
                unreadable += read.Unreadable;
                if (read.Unreadable > 0)
                {
                    logger.LogWarning("Anchor sink {Sink} holds {Count} entries that are not checkpoints", sink.Name, read.Unreadable);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                unavailable.Add(sink.Name);
                logger.LogWarning(error, "Anchor sink {Sink} could not be read; its checkpoints are not checked", sink.Name);
            }
        }
        span?.SetTag("compliance.audit.anchors", stored.Count);
        return new AnchorSnapshot(stored, unreadable, unavailable);
    }

    private async Task<SinkOutcome> WriteAsync(IAnchorSink sink, Checkpoint checkpoint, CancellationToken cancellationToken)
    {
        try
        {
            await sink.AppendAsync(checkpoint, cancellationToken);
            telemetry.AnchorsWritten.Add(1, new KeyValuePair<string, object?>("sink", sink.Name), new KeyValuePair<string, object?>("outcome", "written"));
            return new SinkOutcome(sink.Name, true, null);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            telemetry.AnchorsWritten.Add(1, new KeyValuePair<string, object?>("sink", sink.Name), new KeyValuePair<string, object?>("outcome", "failed"));
            logger.LogWarning(error, "Anchor sink {Sink} did not take the checkpoint of audit row {Sequence}; the other sinks still do", sink.Name, checkpoint.Sequence);
            return new SinkOutcome(sink.Name, false, error.Message);
        }
    }
}

public sealed record AnchorSnapshot(IReadOnlyList<StoredCheckpoint> Stored, int Unreadable, IReadOnlyList<string> Unavailable);
