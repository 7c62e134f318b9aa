namespace FunAsr.Learning.Compliance.Retention;

public static class RetentionTypes
{
    public const string Alerts = "alerts";
    public const string Transcripts = "transcripts";
    public const string Recordings = "recordings";

    public static readonly string[] All = [Alerts, Transcripts, Recordings];
}

public sealed record RetentionInput(int? Days);

public sealed record RetentionView(string DataType, int? Days, string? UpdatedBy, DateTime? UpdatedAt, string EnforcedBy);

public sealed record HoldInput(string? SubjectType, string? SubjectId, string? Reason);

public sealed record HoldView(Guid Id, string SubjectType, string SubjectId, string Reason, string PlacedBy, DateTime PlacedAt, string? ReleasedBy, DateTime? ReleasedAt);

/// <summary>One item past its retention: what it is, how old, and who or what it belongs to (for legal holds).</summary>
public sealed record RetentionCandidate(string Id, DateTime CreatedAt, string? LectureId, string? PersonId, string? Title);

public sealed record RetentionRun(string DataType, int Deleted, int Held, int Failed);
