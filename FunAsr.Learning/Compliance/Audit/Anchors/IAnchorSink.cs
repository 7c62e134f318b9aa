using System.Text.Json;

namespace FunAsr.Learning.Compliance.Audit.Anchors;

/// <summary>A place outside the database that keeps checkpoints: appended to, never rewritten by the service.</summary>
public interface IAnchorSink
{
    /// <summary>Names the sink in metrics, logs and verification results (<c>file</c>, <c>redis</c>).</summary>
    string Name { get; }

    /// <summary>False when the deployment has no such store (no Redis configured); the sink is then skipped.</summary>
    bool Enabled { get; }

    Task AppendAsync(Checkpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Every checkpoint the sink holds, oldest first, and how many entries could not be read as one.</summary>
    Task<AnchorRead> ReadAsync(CancellationToken cancellationToken);
}

public sealed record AnchorRead(IReadOnlyList<Checkpoint> Checkpoints, int Unreadable);

/// <summary>One checkpoint as one JSON object, the form both sinks store.</summary>
internal static class CheckpointJson
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(Checkpoint checkpoint) => JsonSerializer.Serialize(checkpoint, Json);

    public static Checkpoint? Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<Checkpoint>(text, Json) is { Hash: not null, KeyId: not null, Signature: not null } checkpoint ? checkpoint : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
