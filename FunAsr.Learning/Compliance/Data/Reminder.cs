namespace FunAsr.Learning.Compliance.Data;

/// <summary>A reminder sent to a person about a course that is due soon or overdue (one per person, course, cycle and stage).</summary>
public sealed class Reminder
{
    public Guid Id { get; set; }

    public Guid AssignmentId { get; set; }

    public required string PersonId { get; set; }

    /// <summary>due-soon or overdue.</summary>
    public required string Stage { get; set; }

    /// <summary>The due date of the cycle it is about.</summary>
    public DateTime DueAt { get; set; }

    public DateTime SentAt { get; set; }

    public DateTime? ReadAt { get; set; }
}
