using System.Text.Json.Serialization;

namespace FunAsr.AsrService.Api.OpenAi;

// Shapes of OpenAI's audio transcription API, so OpenAI SDKs deserialise our answers unchanged.

public sealed record OpenAiUsage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("seconds")] int Seconds,
    [property: JsonPropertyName("duration")] double Duration);

public sealed record OpenAiTranscription(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("usage")] OpenAiUsage Usage);

public sealed record OpenAiSegment(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("seek")] int Seek,
    [property: JsonPropertyName("start")] double Start,
    [property: JsonPropertyName("end")] double End,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("tokens")] IReadOnlyList<int> Tokens,
    [property: JsonPropertyName("temperature")] double Temperature,
    [property: JsonPropertyName("avg_logprob")] double AvgLogprob,
    [property: JsonPropertyName("compression_ratio")] double CompressionRatio,
    [property: JsonPropertyName("no_speech_prob")] double NoSpeechProb)
{
    /// <summary>Extension: the segment's speaker when the request was diarized ("A", or a known speaker's name).</summary>
    [JsonPropertyName("speaker"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Speaker { get; init; }
}

/// <summary>One segment of OpenAI's diarized_json (TranscriptionDiarizedSegment).</summary>
public sealed record OpenAiDiarizedSegment(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("start")] double Start,
    [property: JsonPropertyName("end")] double End,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("speaker")] string Speaker);

/// <summary>OpenAI's diarized_json (TranscriptionDiarized): speakers "A", "B", … unless a known speaker's name matched.</summary>
public sealed record OpenAiDiarizedTranscription(
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("duration")] double Duration,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("segments")] IReadOnlyList<OpenAiDiarizedSegment> Segments,
    [property: JsonPropertyName("usage")] OpenAiUsage Usage);

public sealed record OpenAiWord(
    [property: JsonPropertyName("word")] string Word,
    [property: JsonPropertyName("start")] double Start,
    [property: JsonPropertyName("end")] double End);

public sealed record OpenAiVerboseTranscription(
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("duration")] double Duration,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("segments"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OpenAiSegment>? Segments,
    [property: JsonPropertyName("words"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OpenAiWord>? Words,
    [property: JsonPropertyName("usage")] OpenAiUsage Usage);

public sealed record OpenAiModel(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy,
    [property: JsonPropertyName("languages")] IReadOnlyList<string> Languages)
{
    /// <summary>True only for the known-answer test model, with <see cref="Notice"/> saying how to install a real one.</summary>
    [JsonPropertyName("test_model"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? TestModel { get; init; }

    [JsonPropertyName("notice"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Notice { get; init; }
}

public sealed record OpenAiModelList(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("data")] IReadOnlyList<OpenAiModel> Data);

public sealed record OpenAiErrorDetail(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);

public sealed record OpenAiErrorBody([property: JsonPropertyName("error")] OpenAiErrorDetail Error);
