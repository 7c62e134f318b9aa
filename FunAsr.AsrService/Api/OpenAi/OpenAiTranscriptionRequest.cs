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

    [DataMember(Name = "response_format"), JsonPropertyName("response_format"), Description("json | text | srt | verbose_json | vtt | diarized_json")]
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

    [DataMember(Name = "redact"), JsonPropertyName("redact"), Description("Extension: mask sensitive information, pii | pci | numbers | terms (joined by |, or repeated)")]
    public IReadOnlyList<string>? Redact { get; set; }

    [DataMember(Name = "redact_mask"), JsonPropertyName("redact_mask"), Description("Extension: write redacted spans with this character instead of a label such as [PHONE]")]
    public string? RedactMask { get; set; }
    [DataMember(Name = "known_speaker_names[]"), JsonPropertyName("known_speaker_names[]"), Description("Names of known speakers, one per reference clip (diarized_json)")]
    public IReadOnlyList<string>? KnownSpeakerNames { get; set; }

    [DataMember(Name = "known_speaker_names"), JsonPropertyName("known_speaker_names"), Description("The same, as clients that drop the brackets send it")]
    public IReadOnlyList<string>? KnownSpeakerNamesPlain { get; set; }

    [DataMember(Name = "known_speaker_references[]"), JsonPropertyName("known_speaker_references[]"), Description("Data URLs (data:audio/wav;base64,…) of 2–10 s of each known speaker")]
    public IReadOnlyList<string>? KnownSpeakerReferences { get; set; }

    [DataMember(Name = "known_speaker_references"), JsonPropertyName("known_speaker_references"), Description("The same, as clients that drop the brackets send it")]
    public IReadOnlyList<string>? KnownSpeakerReferencesPlain { get; set; }

    [DataMember(Name = "chunking_strategy"), JsonPropertyName("chunking_strategy"), Description("Accepted for compatibility ('auto' or server_vad settings): audio is always cut by the voice-activity detector")]
    public string? ChunkingStrategy { get; set; }

    [DataMember(Name = "diarize"), JsonPropertyName("diarize"), Description("Extension: who spoke when with any format (verbose_json segments, srt/vtt with speaker_labels); diarized_json implies it")]
    public string? Diarize { get; set; }

    [DataMember(Name = "num_speakers"), JsonPropertyName("num_speakers"), Description("Extension, with diarization: exactly this many speakers")]
    public string? NumSpeakers { get; set; }

    [DataMember(Name = "min_speakers"), JsonPropertyName("min_speakers"), Description("Extension, with diarization: at least this many speakers")]
    public string? MinSpeakers { get; set; }

    [DataMember(Name = "max_speakers"), JsonPropertyName("max_speakers"), Description("Extension, with diarization: at most this many speakers")]
    public string? MaxSpeakers { get; set; }

    [DataMember(Name = "speaker_labels"), JsonPropertyName("speaker_labels"), Description("Extension: srt/vtt/text cues start with their speaker (\"A: …\"), with diarization")]
    public string? SpeakerLabels { get; set; }
}
