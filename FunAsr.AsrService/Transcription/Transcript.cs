namespace FunAsr.AsrService.Transcription;

/// <summary>The native transcript shape (docs/api-contract.md), shared by the page, job results and the <c>transcripts</c> stream.</summary>
public sealed record Transcript(
    string Id,
    string? Title,
    string Model,
    string Language,
    string? Emotion,
    string? Event,
    double Duration,
    string Text,
    string RichText,
    IReadOnlyList<TranscriptSegment> Segments);

public sealed record TranscriptSegment(
    int Id,
    double Start,
    double End,
    string Text,
    string RichText,
    string? Language,
    string? Emotion,
    string? Event,
    IReadOnlyList<TranscriptWord> Words);

public sealed record TranscriptWord(string Word, double Start, double End);
