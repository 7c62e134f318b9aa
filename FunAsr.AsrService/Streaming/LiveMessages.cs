using System.Text.Json.Serialization;

namespace FunAsr.AsrService.Streaming;

/// <summary>Messages the server sends; every one has a "type".</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ReadyMessage), "ready")]
[JsonDerivedType(typeof(PartialMessage), "partial")]
[JsonDerivedType(typeof(FinalMessage), "final")]
[JsonDerivedType(typeof(AlertMessage), "alert")]
[JsonDerivedType(typeof(SavedMessage), "saved")]
[JsonDerivedType(typeof(EndMessage), "end")]
[JsonDerivedType(typeof(ErrorMessage), "error")]
public abstract record LiveServerMessage;

/// <param name="Speakers">True when the stream tells speakers apart (diarize=true); absent otherwise.</param>
public sealed record ReadyMessage(string SessionId, string Model, int SampleRate, int PartialIntervalMs, bool? Speakers = null) : LiveServerMessage;

public sealed record PartialMessage(string Text, double Start) : LiveServerMessage;

public sealed record LiveWord(string Word, double Start, double End);

/// <param name="Speaker">With diarize=true, the speaker's letter (A, B, … as in a diarized transcript); absent when the utterance was too short to tell, and always without diarize.</param>
/// <param name="SpeakerName">The tenant's named voice the speaker matches, when it matches one.</param>
public sealed record FinalMessage(
    string Text, double Start, double End, string Language, IReadOnlyList<LiveWord>? Words, string? Speaker = null, string? SpeakerName = null) : LiveServerMessage;

/// <summary>Sensitive information in the final just sent (Compliance/LiveFindingMonitor); <c>reported</c>: the compliance inbox was told.</summary>
public sealed record AlertMessage(
    string Kind, string Masked, string? Term, double Confidence, string Reason, double? Start, double? End, string Excerpt, bool Reported) : LiveServerMessage;

public sealed record SavedMessage(string LectureId, string Title) : LiveServerMessage;

/// <param name="Reason">Null when the client ended the stream; <c>server_shutdown</c> when the replica stopped (reconnect to go on).</param>
public sealed record EndMessage(double Duration, int Finals, string? Reason = null) : LiveServerMessage;

public sealed record ErrorMessage(string Code, string Message) : LiveServerMessage;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LiveServerMessage))]
[JsonSerializable(typeof(LiveProtocol.StartMessage))]
[JsonSerializable(typeof(LiveProtocol.ControlMessage))]
internal sealed partial class LiveJsonContext : JsonSerializerContext;
