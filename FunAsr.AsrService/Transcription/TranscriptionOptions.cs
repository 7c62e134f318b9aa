using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Transcription;

/// <summary>How the pipeline feeds the engine (section <c>Asr:Transcription</c>); subtitle and segment rules are <c>Asr:Subtitles</c>.</summary>
public sealed class TranscriptionOptions
{
    public const string SectionName = "Asr:Transcription";

    public const string SubtitlesSectionName = "Asr:Subtitles";

    /// <summary>
    /// Speech segments handed to the engine in one request: enough for the batcher to fill a batch, few enough that
    /// a job reports progress often and one request does not crowd out others in the inference queue.
    /// </summary>
    [Range(1, 256)]
    public int SegmentsPerRequest { get; set; } = 8;
}
