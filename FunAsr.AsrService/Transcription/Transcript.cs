using System.Text.Json.Serialization;

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
    IReadOnlyList<TranscriptSegment> Segments)
{
    /// <summary>Who speaks, when the transcript was diarized (segments then carry <see cref="TranscriptSegment.Speaker"/>); in order of first appearance.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TranscriptSpeaker>? Speakers { get; init; }

    /// <summary>
    /// Each speaker's voice embedding by voiceprint id, while the transcript is in this process (it never leaves it: the
    /// voiceprints are kept apart, <c>Speakers/VoiceprintStore</c>, and named voices in the tenant's library).
    /// </summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, float[]>? Voiceprints { get; init; }

    /// <summary>A speaker's label: its name when it has one, else its letter.</summary>
    public string? SpeakerLabel(string? id) =>
        id is null ? null : Speakers?.FirstOrDefault(s => s.Id == id) is { Name: { Length: > 0 } name } ? name : id;
}

public sealed record TranscriptSegment(
    int Id,
    double Start,
    double End,
    string Text,
    string RichText,
    string? Language,
    string? Emotion,
    string? Event,
    IReadOnlyList<TranscriptWord> Words)
{
    /// <summary>The speaker's id ("A", "B", …; <see cref="Transcript.Speakers"/> gives names) when the transcript was diarized.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Speaker { get; init; }
}

public sealed record TranscriptWord(string Word, double Start, double End);

/// <summary>
/// One speaker of a diarized transcript: its id (a letter by first appearance), the name of the voice it matched (a
/// known speaker of the request or the tenant's library), how long it speaks, and the id of its voiceprint, which a
/// content user names to remember the voice (<c>POST /api/asr/voices</c>) while it is kept.
/// </summary>
public sealed record TranscriptSpeaker(string Id, string? Name, double SpeechSeconds, string? Voiceprint)
{
    /// <summary>Cosine similarity to the voice whose name it took.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Similarity { get; init; }
}
