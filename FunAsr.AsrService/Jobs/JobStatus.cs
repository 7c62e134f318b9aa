namespace FunAsr.AsrService.Jobs;

public static class JobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinal(string? status) => status is Completed or Failed or Cancelled;
}

public sealed record JobProgress(int Done, int Total);

/// <summary>A job as clients see it (docs/api-contract.md).</summary>
public sealed record JobView(
    string Id,
    string? Title,
    string Status,
    JobProgress Progress,
    string? PartialText,
    Transcription.Transcript? Result,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The submitter's account id; with <see cref="Visibility"/> and <see cref="Department"/>, whom the job is shared with.</summary>
    public string? Owner { get; init; }

    public string? OwnerName { get; init; }

    /// <summary>everyone, department or private (the lecture the job publishes is shared the same way).</summary>
    public string Visibility { get; init; } = FunAsr.Security.Authorization.Visibility.Everyone;

    public string? Department { get; init; }
}

public sealed record JobAccepted(string Id, string Status, string StatusUrl, string EventsUrl);
