namespace FunAsr.AsrService.Transcription;

/// <summary>What one step of the pipeline finished: segments <paramref name="Done"/> of <paramref name="Total"/>, and the transcript segments they gave.</summary>
public sealed record TranscriptionProgress(int Done, int Total, IReadOnlyList<TranscriptSegment> Segments)
{
    /// <summary>What redaction masked in these segments, with times (empty unless the settings ask to redact).</summary>
    public IReadOnlyList<FunAsr.Text.Sensitive.SensitiveFinding> Redacted { get; init; } = [];

    /// <summary>The same segments before redaction (the same list when nothing was asked to be redacted).</summary>
    public required IReadOnlyList<TranscriptSegment> Clear { get; init; }
}
