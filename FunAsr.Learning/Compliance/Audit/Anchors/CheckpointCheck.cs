using FunAsr.Learning.Compliance.Data;

namespace FunAsr.Learning.Compliance.Audit.Anchors;

/// <summary>What verification says about the checkpoints kept outside the database.</summary>
/// <param name="Checkpoints">Distinct checkpoints read from all sinks.</param>
/// <param name="Matched">Those whose row was reached by the walk and holds their hash and row count.</param>
/// <param name="Unreadable">Entries in a sink that are not checkpoints (a line cut short by a crash, or garbage).</param>
/// <param name="Sinks">The sinks configured.</param>
/// <param name="UnavailableSinks">Sinks that could not be read this time; their checkpoints were not checked.</param>
/// <param name="Latest">The newest checkpoint with a valid signature.</param>
/// <param name="Broken">The checkpoint the trail disagrees with, when it does.</param>
/// <param name="BrokenIn">The sinks that hold <paramref name="Broken"/>.</param>
public sealed record AnchorVerification(int Checkpoints, int Matched, int Unreadable, IReadOnlyList<string> Sinks, IReadOnlyList<string> UnavailableSinks,
    Checkpoint? Latest, Checkpoint? Broken, IReadOnlyList<string>? BrokenIn);

/// <summary>
/// Compares the rows of a walk in order with the checkpoints: each checkpointed row must still exist, hold exactly the
/// checkpointed hash, and be the same number of rows from the start. One pass, fed the rows the chain walk reads anyway.
/// </summary>
internal sealed class CheckpointCheck
{
    private readonly List<(Checkpoint Checkpoint, IReadOnlyList<string> Sinks)> _pending;
    private Checkpoint? _lastHeld;
    private int _next;

    public CheckpointCheck(IEnumerable<(Checkpoint Checkpoint, IReadOnlyList<string> Sinks)> signed) =>
        _pending = signed.OrderBy(c => c.Checkpoint.Sequence).ThenBy(c => c.Checkpoint.At).ToList();

    public int Matched { get; private set; }

    public (Checkpoint Checkpoint, IReadOnlyList<string> Sinks, string Problem)? Broken { get; private set; }

    /// <summary>Feeds the next row of the walk (<paramref name="rows"/> counts it); false when a checkpoint disagrees.</summary>
    public bool Accept(AuditRecord row, long rows)
    {
        while (_next < _pending.Count && _pending[_next].Checkpoint.Sequence <= row.Sequence)
        {
            var (checkpoint, sinks) = _pending[_next];
            if (checkpoint.Sequence < row.Sequence)
            {
                return Fail(checkpoint, sinks, $"row {checkpoint.Sequence} is no longer in the trail (the next row is {row.Sequence}): rows were removed and the chain rewritten");
            }
            if (checkpoint.Hash != row.Hash)
            {
                return Fail(checkpoint, sinks, $"row {row.Sequence} ({row.Kind}, {row.At:O}) now has hash {row.Hash[..16]}…, not {checkpoint.Hash[..16]}…: " +
                                               $"the chain was rewritten at or before row {row.Sequence}{Since()}, though every in-database link holds");
            }
            if (checkpoint.Rows != rows)
            {
                return Fail(checkpoint, sinks, $"the trail held {checkpoint.Rows} rows up to row {row.Sequence} and now holds {rows}: rows were removed or inserted before it");
            }
            Matched++;
            _lastHeld = checkpoint;
            _next++;
        }
        return true;
    }

    /// <summary>After the last row: checkpoints beyond the end of the trail say rows were cut off.</summary>
    public bool Finish(long? lastSequence, long rows)
    {
        if (_next < _pending.Count)
        {
            var (checkpoint, sinks) = _pending[_next];
            return Fail(checkpoint, sinks, $"the trail now ends {(lastSequence is { } last ? $"at row {last}" : "empty")} with {rows} rows, " +
                                           $"but it had reached row {checkpoint.Sequence} with {checkpoint.Rows} rows: rows at the end were removed");
        }
        return true;
    }

    private string Since() => _lastHeld is null ? "" : $" (after row {_lastHeld.Sequence}, the last checkpoint that holds)";

    private bool Fail(Checkpoint checkpoint, IReadOnlyList<string> sinks, string problem)
    {
        Broken = (checkpoint, sinks, $"Checkpoint of row {checkpoint.Sequence} signed at {checkpoint.At:O} by key {checkpoint.KeyId} ({string.Join(", ", sinks)}): {problem}.");
        return false;
    }
}
