namespace FunAsr.AsrService.Diarization;

/// <summary>
/// Who spoke when. Speakers are numbered 0, 1, … in the order they first speak; turns are sorted by start time and
/// may overlap when two people talk at once.
/// </summary>
public sealed record DiarizationResult(double Duration, IReadOnlyList<SpeakerTurn> Turns, IReadOnlyList<DiarizedSpeaker> Speakers)
{
    public static DiarizationResult Empty(double duration) => new(duration, [], []);
}

/// <summary>
/// A speaker of one recording: the L2-normalised mean of its chunk embeddings (what a named voice is matched
/// against) and how long it speaks.
/// </summary>
public sealed record DiarizedSpeaker(int Index, float[] Embedding, double SpeechSeconds);
