namespace FunAsr.Learning.Compliance.Data;

/// <summary>
/// A mandatory course: a lecture to watch (a share of it), optionally a quiz to pass, and a text to attest, assigned to
/// a role, a department or a person, due by a date and due again every retraining interval after completion.
/// </summary>
public sealed class TrainingAssignment
{
    public Guid Id { get; set; }

    public required string Title { get; set; }

    public string? LectureId { get; set; }

    /// <summary>The learning layer's quiz to pass; its attempts say whether the person passed.</summary>
    public Guid? QuizId { get; set; }

    /// <summary>role, department or person.</summary>
    public required string TargetType { get; set; }

    public required string TargetValue { get; set; }

    public DateTime DueAt { get; set; }

    /// <summary>Days a completion stays valid; null for a course taken once.</summary>
    public int? RetrainingDays { get; set; }

    /// <summary>Share of the lecture that must have been watched, 0–1.</summary>
    public double RequiredWatchShare { get; set; }

    public required string AttestationText { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? WithdrawnAt { get; set; }

    public string? WithdrawnBy { get; set; }
}
