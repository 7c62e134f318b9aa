using System.Text.Json.Serialization;
using FunAsr.Security.Authorization;

namespace FunAsr.QaBot.Lectures;

/// <summary>A word and when it was said, as the ASR service timed it.</summary>
public sealed record TranscriptWord(string Word, double Start, double End);

/// <summary>One timed piece of a transcript, as the ASR service produces it; its words when the recogniser timed them.</summary>
public sealed record TranscriptSegment(
    int Id,
    double Start,
    double End,
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TranscriptWord>? Words = null)
{
    /// <summary>Who says it: the id of one of the lecture's <see cref="Lecture.Speakers"/>, when the transcript was diarized.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Speaker { get; init; }
}

/// <summary>
/// A speaker of a diarized lecture: its id ("A", "B", … as the ASR service lettered them), the name a content user gave
/// it, and the ASR service's voiceprint id, which names the voice for later recordings (<c>POST /api/asr/voices</c>).
/// </summary>
public sealed record LectureSpeaker(string Id, string? Name = null, string? Voiceprint = null);

/// <summary>A stored lecture: the source of truth in Redis from which every replica builds its index.</summary>
public sealed record Lecture(
    string Id,
    string Title,
    string Language,
    double Duration,
    DateTimeOffset CreatedAt,
    string Source,
    string ContentHash,
    bool TimesEstimated,
    int AlertCount,
    IReadOnlyList<TranscriptSegment> Segments)
{
    /// <summary>everyone, department (those in <see cref="Department"/>) or private (only <see cref="Owner"/>); admins see all.</summary>
    public string Visibility { get; init; } = FunAsr.Security.Authorization.Visibility.Everyone;

    /// <summary>The account id of who created it (or submitted the job it came from); null for lectures from before owners.</summary>
    public string? Owner { get; init; }

    /// <summary>The owner's name when it was created, for display.</summary>
    public string? OwnerName { get; init; }

    /// <summary>The department a <c>department</c> lecture is shared with.</summary>
    public string? Department { get; init; }

    /// <summary>Whose it is and whom it is shared with, as the access rule reads it.</summary>
    [JsonIgnore]
    public Ownership Access => new(Owner, OwnerName, FunAsr.Security.Authorization.Visibility.Parse(Visibility) ?? FunAsr.Security.Authorization.Visibility.Private, Department);

    /// <summary>1 when created, one more with every saved edit (<c>GET /api/qa/lectures/{id}/versions</c> says who, when and what).</summary>
    public int Version { get; init; } = 1;

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Who speaks in it, when the transcript was diarized (segments name them by id); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<LectureSpeaker>? Speakers { get; init; }

    /// <summary>The transcript was redacted and its clear text is kept apart (<c>GET /api/qa/lectures/{id}/clear</c>, privileged roles).</summary>
    public bool ClearTextKept { get; init; }

    public LectureSummary ToSummary() => new(Id, Title, Language, Duration, CreatedAt, Segments.Count, AlertCount)
    {
        Visibility = Visibility,
        Owner = Owner,
        OwnerName = OwnerName,
        Department = Department,
        Version = Version,
        UpdatedAt = UpdatedAt,
    };
}

public sealed record LectureSummary(string Id, string Title, string Language, double Duration, DateTimeOffset CreatedAt, int SegmentCount, int AlertCount)
{
    public string Visibility { get; init; } = FunAsr.Security.Authorization.Visibility.Everyone;

    public string? Owner { get; init; }

    public string? OwnerName { get; init; }

    public string? Department { get; init; }

    public int Version { get; init; } = 1;

    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>Body of <c>POST /api/qa/lectures</c>: timed segments, or plain text when no timing exists.</summary>
public sealed record CreateLectureRequest(string? Id, string? Title, string? Language, string? Text, IReadOnlyList<SegmentInput>? Segments)
{
    /// <summary>everyone (default), department or private.</summary>
    public string? Visibility { get; init; }

    /// <summary>With visibility department: which one (default: the creator's own).</summary>
    public string? Department { get; init; }

    /// <summary>Who creates it and whom it is shared with: set by the endpoint from the caller (or by the stream entry), never read from the body.</summary>
    [JsonIgnore]
    public Ownership? Ownership { get; init; }

    /// <summary>A diarized transcript's speakers; a segment's <c>speaker</c> not listed here is added without a name.</summary>
    public IReadOnlyList<LectureSpeaker>? Speakers { get; init; }

    /// <summary>A redacted job's clear transcript, from its stream entry only (never read from a body).</summary>
    [JsonIgnore]
    public IReadOnlyList<SegmentInput>? ClearSegments { get; init; }
}

public sealed record SegmentInput(double Start, double End, string? Text, IReadOnlyList<TranscriptWord>? Words = null)
{
    public string? Speaker { get; init; }
}

/// <summary>The ASR transcript JSON carried in the <c>payload</c> field of the <c>transcripts</c> stream (fields we use).</summary>
public sealed record TranscriptPayload(string? Id, string? Title, string? Language, double? Duration, string? Text, IReadOnlyList<TranscriptPayloadSegment>? Segments)
{
    public IReadOnlyList<LectureSpeaker>? Speakers { get; init; }
}

public sealed record TranscriptPayloadSegment(int? Id, double Start, double End, string? Text, IReadOnlyList<TranscriptWord>? Words = null)
{
    public string? Speaker { get; init; }
}

/// <summary>What ingest did with a lecture.</summary>
public enum IngestOutcome { Stored, Duplicate }

public sealed record IngestResult(Lecture Lecture, IngestOutcome Outcome);
