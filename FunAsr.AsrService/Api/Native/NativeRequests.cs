using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using FunAsr.AsrService.Transcription;
using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace FunAsr.AsrService.Api.Native;

/// <summary>The multipart form of <c>POST /api/asr/transcriptions</c>.</summary>
public sealed class TranscriptionRequest
{
    [Required, DataMember(Name = "file"), JsonPropertyName("file"), Description("One or more audio or video files (repeat the field)")]
    public IReadOnlyList<IFormFile>? Files { get; set; }

    [DataMember(Name = "language"), JsonPropertyName("language"), Description("ISO-639-1 code or 'auto'")]
    public string? Language { get; set; }

    [DataMember(Name = "itn"), JsonPropertyName("itn"), Description("Inverse text normalisation, true (default) or false")]
    public string? Itn { get; set; }

    [DataMember(Name = "title"), JsonPropertyName("title"), Description("Title given to the transcripts (default: the file name)")]
    public string? Title { get; set; }

    [DataMember(Name = "model"), JsonPropertyName("model"), Description("A model id from /v1/models")]
    public string? Model { get; set; }

    [DataMember(Name = "hotwords"), JsonPropertyName("hotwords"), Description("Hotwords for models that take them (repeatable, or separated by commas)")]
    public IReadOnlyList<string>? Hotwords { get; set; }
}

/// <summary>The multipart form of <c>POST /api/asr/jobs</c>: a recording, or the id of one kept from an earlier job.</summary>
public sealed class JobRequest
{
    [Required, DataMember(Name = "file"), JsonPropertyName("file"), Description("The recording (any format ffmpeg reads)")]
    public IFormFile? File { get; set; }

    [DataMember(Name = "uploadId"), JsonPropertyName("uploadId"), Description("Instead of 'file': the id of an earlier job or kept recording")]
    public string? UploadId { get; set; }

    [DataMember(Name = "title"), JsonPropertyName("title"), Description("Lecture title (default: the file name)")]
    public string? Title { get; set; }

    [DataMember(Name = "language"), JsonPropertyName("language"), Description("ISO-639-1 code or 'auto'")]
    public string? Language { get; set; }

    [DataMember(Name = "itn"), JsonPropertyName("itn"), Description("Inverse text normalisation, true (default) or false")]
    public string? Itn { get; set; }

    [DataMember(Name = "model"), JsonPropertyName("model"), Description("A model id from /v1/models")]
    public string? Model { get; set; }

    [DataMember(Name = "hotwords"), JsonPropertyName("hotwords"), Description("Hotwords for models that take them")]
    public IReadOnlyList<string>? Hotwords { get; set; }

    [DataMember(Name = "visibility"), JsonPropertyName("visibility"), Description("Who sees the job, its recording and its lecture: everyone (default), department or private")]
    public string? Visibility { get; set; }

    [DataMember(Name = "department"), JsonPropertyName("department"), Description("With visibility=department: the department (default: yours)")]
    public string? Department { get; set; }
}

/// <summary>The multipart form of <c>POST /api/asr/recordings</c>.</summary>
public sealed class RecordingRequest
{
    [Required, DataMember(Name = "file"), JsonPropertyName("file"), Description("The recording to keep for playback")]
    public IFormFile? File { get; set; }

    [DataMember(Name = "visibility"), JsonPropertyName("visibility"), Description("Who may play it until a lecture takes its id: everyone (default), department or private")]
    public string? Visibility { get; set; }

    [DataMember(Name = "department"), JsonPropertyName("department"), Description("With visibility=department: the department (default: yours)")]
    public string? Department { get; set; }
}

/// <summary>Several files' transcripts, in upload order.</summary>
public sealed record TranscriptBatch(IReadOnlyList<Transcript> Results);

/// <summary>A recording kept for playback: its id (give it to a lecture as its id) and where to fetch it.</summary>
public sealed record KeptRecording(string Id, string Url);

/// <summary>Body of <c>POST /api/asr/subtitles</c>: a transcript (or any timed segments) to write as a file.</summary>
public sealed record SubtitleRequest(double? Duration, IReadOnlyList<SubtitleSegment>? Segments);

public sealed record SubtitleSegment(double Start, double End, string? Text, string? RichText, IReadOnlyList<TranscriptWord>? Words);
