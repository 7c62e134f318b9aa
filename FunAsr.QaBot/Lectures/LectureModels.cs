using System.Text.Json.Serialization;

namespace FunAsr.QaBot.Lectures;

/// <summary>One timed piece of a transcript, as the ASR service produces it; <see cref="Words"/> are its word times when the ASR gave them.</summary>
public sealed record TranscriptSegment(
    int Id,
    double Start,
    double End,
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TranscriptWord>? Words = null);

/// <summary>A recognised word (a character or token for Chinese) with its time in the recording.</summary>
public sealed record TranscriptWord(string Word, double Start, double End);

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
    public LectureSummary ToSummary() => new(Id, Title, Language, Duration, CreatedAt, Segments.Count, AlertCount);
}

public sealed record LectureSummary(string Id, string Title, string Language, double Duration, DateTimeOffset CreatedAt, int SegmentCount, int AlertCount);

/// <summary>Body of <c>POST /api/qa/lectures</c>: timed segments, or plain text when no timing exists.</summary>
public sealed record CreateLectureRequest(string? Id, string? Title, string? Language, string? Text, IReadOnlyList<SegmentInput>? Segments);

public sealed record SegmentInput(double Start, double End, string? Text, IReadOnlyList<TranscriptWord>? Words = null);

/// <summary>The ASR transcript JSON carried in the <c>payload</c> field of the <c>transcripts</c> stream (fields we use).</summary>
public sealed record TranscriptPayload(string? Id, string? Title, string? Language, double? Duration, string? Text, IReadOnlyList<TranscriptPayloadSegment>? Segments);

public sealed record TranscriptPayloadSegment(int? Id, double Start, double End, string? Text, IReadOnlyList<TranscriptWord>? Words = null);

/// <summary>What ingest did with a lecture.</summary>
public enum IngestOutcome { Stored, Duplicate }

public sealed record IngestResult(Lecture Lecture, IngestOutcome Outcome);
