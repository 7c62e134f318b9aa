namespace FunAsr.AsrService.Transcription;

/// <summary>What one step of the pipeline finished: segments <paramref name="Done"/> of <paramref name="Total"/>, and the transcript segments they gave.</summary>
public sealed record TranscriptionProgress(int Done, int Total, IReadOnlyList<TranscriptSegment> Segments);
