using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Api;

/// <summary>Limits and naming of the HTTP API (section <c>Asr:Api</c>).</summary>
public sealed class AsrApiOptions
{
    public const string SectionName = "Asr:Api";

    /// <summary>Largest accepted upload (all files of one request together).</summary>
    [Range(1024, 4L * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Longest audio a synchronous request may carry; longer audio belongs in a job.</summary>
    [Range(1, 24 * 3600)]
    public double MaxSyncDurationSeconds { get; set; } = 1800;

    [Range(1, 256)]
    public int MaxFilesPerRequest { get; set; } = 16;

    /// <summary>Model names accepted as the loaded model, so clients hard-coding OpenAI's name keep working.</summary>
    public string[] ModelAliases { get; set; } = ["whisper-1"];

    /// <summary>
    /// Model names that also ask for diarization (OpenAI's diarizing model), accepted and listed only where this server
    /// can diarize.
    /// </summary>
    public string[] DiarizeModelAliases { get; set; } = ["gpt-4o-transcribe-diarize"];
}
