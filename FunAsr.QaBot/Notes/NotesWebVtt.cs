using System.Globalization;
using System.Text;

namespace FunAsr.QaBot.Notes;

/// <summary>
/// The chapters as a WebVTT chapters track (W3C WebVTT, <c>&lt;track kind="chapters"&gt;</c>): one cue per chapter, from its
/// start to the next chapter's start, its title as the cue text.
/// </summary>
public static class NotesWebVtt
{
    public static string Render(LectureNotes notes)
    {
        var vtt = new StringBuilder("WEBVTT\n");
        for (var i = 0; i < notes.Chapters.Count; i++)
        {
            var chapter = notes.Chapters[i];
            var end = i + 1 < notes.Chapters.Count ? notes.Chapters[i + 1].Start : Math.Max(chapter.End, chapter.Start + 0.001);
            // A cue's text ends at a blank line and must not hold "-->": titles are one line.
            var title = chapter.Title.ReplaceLineEndings(" ").Replace("-->", "→", StringComparison.Ordinal);
            vtt.Append('\n').Append(i + 1).Append('\n').Append(Stamp(chapter.Start)).Append(" --> ").Append(Stamp(end)).Append('\n')
                .Append(title).Append('\n');
        }
        return vtt.ToString();
    }

    private static string Stamp(double seconds)
    {
        var time = TimeSpan.FromMilliseconds(Math.Round(Math.Max(0, seconds) * 1000));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}.{time.Milliseconds:000}");
    }
}
