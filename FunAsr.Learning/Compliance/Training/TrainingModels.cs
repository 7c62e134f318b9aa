namespace FunAsr.Learning.Compliance.Training;

public static class TargetTypes
{
    public const string Role = "role";
    public const string Department = "department";
    public const string Person = "person";

    public static readonly string[] All = [Role, Department, Person];
}

/// <summary>Where a person stands on one assigned course in its current cycle.</summary>
public static class TrainingStatus
{
    public const string NotStarted = "not-started";
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
    public const string Overdue = "overdue";
}

public sealed record AssignmentInput(
    string? Title,
    string? LectureId,
    Guid? QuizId,
    string? TargetType,
    string? TargetValue,
    DateTimeOffset? DueAt,
    int? RetrainingDays,
    double? RequiredWatchShare,
    string? AttestationText);

public sealed record AssignmentView(
    Guid Id,
    string Title,
    string? LectureId,
    Guid? QuizId,
    string TargetType,
    string TargetValue,
    DateTime DueAt,
    int? RetrainingDays,
    double RequiredWatchShare,
    string AttestationText,
    string CreatedBy,
    DateTime CreatedAt,
    DateTime? WithdrawnAt,
    int People,
    int Completed,
    int Overdue);

/// <summary>One course on a person's list: what is required, what they have done in this cycle, and when it is due.</summary>
public sealed record MyCourse(
    Guid AssignmentId,
    string Title,
    string? LectureId,
    Guid? QuizId,
    DateTime DueAt,
    string Status,
    double RequiredWatchShare,
    double WatchedShare,
    bool QuizRequired,
    bool QuizPassed,
    double? QuizScore,
    bool ReadyToAttest,
    string AttestationText,
    string? CertificateId,
    DateTime? CompletedAt,
    DateTime? ValidUntil);

public sealed record AttestRequest(string? Text);

public sealed record CompletionView(Guid AssignmentId, string CertificateId, string CourseTitle, string PersonName, DateTime CompletedAt, DateTime? ValidUntil,
    double WatchedShare, double? QuizScore, string AttestedText, DateTime AttestedAt, string AuthMethod);

public sealed record ReminderView(Guid Id, Guid AssignmentId, string Title, string Stage, DateTime DueAt, DateTime SentAt, DateTime? ReadAt);
