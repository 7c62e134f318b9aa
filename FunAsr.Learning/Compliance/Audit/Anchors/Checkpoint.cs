using System.Globalization;
using System.Text;

namespace FunAsr.Learning.Compliance.Audit.Anchors;

/// <summary>
/// A signed statement of the chain's head, as a transparency log's signed tree head: the last row's sequence and hash,
/// how many rows the chain held up to it, when, and which key signed. Kept outside the database, it pins every row up to
/// <see cref="Sequence"/>: a chain rewritten later (rows changed and every hash recomputed) no longer ends there in
/// <see cref="Hash"/>.
/// </summary>
public sealed record Checkpoint(long Sequence, string Hash, long Rows, DateTime At, string KeyId, string Signature)
{
    public const string Format = "funasr-compliance-audit-checkpoint/v1";

    /// <summary>
    /// The exact bytes signed (UTF-8, one field a line, each line ending in a newline), so an auditor can rebuild them
    /// from a JSON line and check the signature with any ECDSA tool (docs/compliance.md shows openssl).
    /// </summary>
    public static string SignedText(long sequence, string hash, long rows, DateTime at, string keyId) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Format}\nsequence {sequence}\nhash {hash}\nrows {rows}\nat {at.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture)}\nkey {keyId}\n");

    public byte[] SignedBytes() => Encoding.UTF8.GetBytes(SignedText(Sequence, Hash, Rows, At, KeyId));
}

/// <summary>A checkpoint as one sink gave it back.</summary>
public sealed record StoredCheckpoint(string Sink, Checkpoint Checkpoint);

/// <summary>What a sink did with one checkpoint.</summary>
public sealed record SinkOutcome(string Sink, bool Written, string? Error);

/// <summary>
/// The answer to "anchor the head now": the newest checkpoint a sink holds (null while the trail is empty), whether a new
/// one was written, and each sink's outcome (none when the head had not changed).
/// </summary>
public sealed record AnchorResult(Checkpoint? Checkpoint, bool Written, IReadOnlyList<SinkOutcome> Sinks);
