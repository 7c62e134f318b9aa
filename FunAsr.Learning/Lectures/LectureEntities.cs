namespace FunAsr.Learning.Lectures;

/// <summary>A lecture as the learning layer knows it: what QaBot published about it last (its sentences and times).</summary>
public sealed class LearningLecture
{
    public required string Id { get; set; }
    public required string Title { get; set; }
    public required string Language { get; set; }
    public double Duration { get; set; }

    /// <summary>QaBot's revision of the lecture last indexed (its save time in Unix milliseconds).</summary>
    public long Revision { get; set; }

    /// <summary>Candidate term keys of the lecture, for the document frequencies that make concepts specific to a lecture.</summary>
    public string CandidateKeys { get; set; } = "[]";

    public DateTime IndexedAt { get; set; }

    /// <summary>Order the library learnt lectures in: "taught earlier" for prerequisite suggestions.</summary>
    public long Order { get; set; }
}

/// <summary>One sentence of a lecture with its time in the recording.</summary>
public sealed class LectureSentence
{
    public required string LectureId { get; set; }
    public int Index { get; set; }
    public required string Text { get; set; }
    public double Start { get; set; }
    public double End { get; set; }
}
