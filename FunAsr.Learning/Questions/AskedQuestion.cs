namespace FunAsr.Learning.Questions;

/// <summary>A question someone asked the Q&amp;A bot, and the answer it gave, as QaBot published it.</summary>
public sealed class AskedQuestion
{
    /// <summary>QaBot's id of the event: a redelivered event is recorded once.</summary>
    public Guid Id { get; set; }

    public required string UserId { get; set; }
    public string? Department { get; set; }
    public required string Question { get; set; }

    /// <summary>The question's terms (normalised, segmented, stemmed): questions asked in other words group together.</summary>
    public required string Terms { get; set; }

    public required string Answer { get; set; }
    public bool Found { get; set; }
    public required string Language { get; set; }

    /// <summary>Lectures the answer cited (JSON array of ids).</summary>
    public string LectureIds { get; set; } = "[]";

    public DateTime AskedAt { get; set; }
}
