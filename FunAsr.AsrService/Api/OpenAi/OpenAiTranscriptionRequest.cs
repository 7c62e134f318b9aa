using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace FunAsr.AsrService.Api.OpenAi;

/// <summary>The multipart form of <c>POST /v1/audio/transcriptions</c>, field for field as the OpenAI SDKs send it.</summary>
public sealed class OpenAiTranscriptionRequest
{
    [Required, DataMember(Name = "file"), JsonPropertyName("file"), Description("The audio or video file (any format ffmpeg reads)")]
    public IFormFile? File { get; set; }

    [DataMember(Name = "model"), JsonPropertyName("model"), Description("A model id from /v1/models (or an alias such as whisper-1)")]
    public string? Model { get; set; }

    [DataMember(Name = "language"), JsonPropertyName("language"), Description("ISO-639-1 code or 'auto'")]
    public string? Language { get; set; }

    [DataMember(Name = "prompt"), JsonPropertyName("prompt"), Description("Hotwords for models that take them, separated by commas or spaces")]
    public string? Prompt { get; set; }

    [DataMember(Name = "response_format"), JsonPropertyName("response_format"), Description("json | text | srt | verbose_json | vtt")]
    public string? ResponseFormat { get; set; }

    [DataMember(Name = "temperature"), JsonPropertyName("temperature"), Description("Accepted for compatibility, 0 to 1 (decoding is greedy)")]
    public string? Temperature { get; set; }

    [DataMember(Name = "timestamp_granularities[]"), JsonPropertyName("timestamp_granularities[]"), Description("segment | word; verbose_json only")]
    public IReadOnlyList<string>? TimestampGranularities { get; set; }

    [DataMember(Name = "timestamp_granularities"), JsonPropertyName("timestamp_granularities"), Description("The same, as clients that drop the brackets send it")]
    public IReadOnlyList<string>? TimestampGranularitiesPlain { get; set; }

    [DataMember(Name = "itn"), JsonPropertyName("itn"), Description("Extension: inverse text normalisation, true (default) or false")]
    public string? Itn { get; set; }

    [DataMember(Name = "rich"), JsonPropertyName("rich"), Description("Extension: keep the language/emotion/event tags in the text, true or false (default)")]
    public string? Rich { get; set; }
}
