using System.Globalization;
using System.Text;

namespace FunAsr.Text.Subtitles;

/// <summary>
/// The one writer of transcript files, for the ASR service, the CLI, the page (which asks the server) and the
/// lecture library: SubRip, WebVTT (cue text escaped) and plain text, one line per segment.
/// </summary>
public static class SubtitleWriter
{
    public static string Write(SubtitleFormat format, IReadOnlyList<TimedText> texts, SubtitleRules rules, double? mediaDuration = null) =>
        format switch
        {
            SubtitleFormat.Srt => ToSrt(SubtitleLayout.Cues(texts, rules, mediaDuration)),
            SubtitleFormat.Vtt => ToVtt(SubtitleLayout.Cues(texts, rules, mediaDuration)),
            _ => ToText(texts),
        };

    public static string MediaType(SubtitleFormat format) => format switch
    {
        SubtitleFormat.Srt => "application/x-subrip; charset=utf-8",
        SubtitleFormat.Vtt => "text/vtt; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };

    public static string Extension(SubtitleFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>"txt", "srt" or "vtt" (any case); null for anything else.</summary>
    public static SubtitleFormat? ParseFormat(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "txt" or "text" => SubtitleFormat.Txt,
        "srt" => SubtitleFormat.Srt,
        "vtt" => SubtitleFormat.Vtt,
        _ => null,
    };

    /// <summary>Numbered cues, HH:MM:SS,mmm; empty cues are left out and numbering stays contiguous.</summary>
    public static string ToSrt(IEnumerable<SubtitleCue> cues)
    {
        var builder = new StringBuilder();
        var number = 0;
        foreach (var cue in Visible(cues))
        {
            number++;
            builder.Append(number.ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append(Timestamp(cue.Start, ',')).Append(" --> ").Append(Timestamp(cue.End, ',')).Append('\n')
                .Append(SingleBlock(cue.Text)).Append("\n\n");
        }
        return builder.ToString();
    }

    /// <summary>The WEBVTT header, then cues with HH:MM:SS.mmm and the cue text escaped.</summary>
    public static string ToVtt(IEnumerable<SubtitleCue> cues)
    {
        var builder = new StringBuilder("WEBVTT\n\n");
        foreach (var cue in Visible(cues))
        {
            builder.Append(Timestamp(cue.Start, '.')).Append(" --> ").Append(Timestamp(cue.End, '.')).Append('\n')
                .Append(EscapeVtt(SingleBlock(cue.Text))).Append("\n\n");
        }
        return builder.ToString();
    }

    /// <summary>One line per segment, as it was said.</summary>
    public static string ToText(IEnumerable<TimedText> texts)
    {
        var builder = new StringBuilder();
        foreach (var text in texts)
        {
            var line = SingleBlock(text.Text).Replace('\n', ' ');
            if (line.Length > 0)
            {
                builder.Append(line).Append('\n');
            }
        }
        return builder.ToString();
    }

    /// <summary>HH:MM:SS,mmm (SRT) or HH:MM:SS.mmm (VTT); hours grow past 99 rather than wrap.</summary>
    public static string Timestamp(double seconds, char millisecondSeparator)
    {
        var totalMs = (long)Math.Round(Math.Max(0, seconds) * 1000, MidpointRounding.AwayFromZero);
        var hours = totalMs / 3_600_000;
        var minutes = totalMs / 60_000 % 60;
        var secs = totalMs / 1000 % 60;
        var ms = totalMs % 1000;
        return string.Create(CultureInfo.InvariantCulture, $"{hours:00}:{minutes:00}:{secs:00}{millisecondSeparator}{ms:000}");
    }

    private static IEnumerable<SubtitleCue> Visible(IEnumerable<SubtitleCue> cues) =>
        cues.Where(c => !string.IsNullOrWhiteSpace(c.Text))
            .Select(c => c.End > c.Start ? c : c with { End = c.Start + 0.001 });

    // A blank line ends a cue in both formats, so cue text may not contain one.
    private static string SingleBlock(string text) =>
        string.Join('\n', text.Replace("\r", string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    // WebVTT cue text may not hold "-->" or a raw '&' or '<'.
    private static string EscapeVtt(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
