using FunAsr.Text.Subtitles;

namespace FunAsr.AsrService.Transcription;

/// <summary>A transcript written as a file by the one subtitle writer: TXT (a line per segment), SRT or WebVTT.</summary>
public static class TranscriptFiles
{
    public static string Write(SubtitleFormat format, Transcript transcript, bool rich, SubtitleRules rules) =>
        SubtitleWriter.Write(format, TranscriptSegments.Timed(transcript, rich), rules, transcript.Duration);

    /// <summary>A file name from the title: letters, digits, '-' and '_' kept, anything else '_'.</summary>
    public static string FileName(string? title, string fallback, string extension) =>
        $"{string.Concat((string.IsNullOrWhiteSpace(title) ? fallback : title).Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'))}.{extension}";
}
