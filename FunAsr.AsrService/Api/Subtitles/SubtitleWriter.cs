using System.Globalization;
using System.Text;

namespace FunAsr.AsrService.Api.Subtitles;

/// <summary>SubRip and WebVTT output; cues with no text are left out and numbering stays contiguous.</summary>
public static class SubtitleWriter
{
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

    // A blank line ends a cue in both formats, so text may not contain one.
    private static string SingleBlock(string text) =>
        string.Join('\n', text.Replace("\r", string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    // WebVTT forbids "-->" and raw '&' / '<' in cue text.
    private static string EscapeVtt(string text) =>
        text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
