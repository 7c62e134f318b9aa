using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace FunAsr.QaBot.Lectures;

public static class LectureContent
{
    /// <summary>What the index is built from: title, language, the timed text and its word times (a change here means a re-index).</summary>
    public static string Hash(string title, string language, IEnumerable<TranscriptSegment> segments)
    {
        var hash = new XxHash64();
        var builder = new StringBuilder().Append(title).Append('\n').Append(language).Append('\n');
        foreach (var segment in segments)
        {
            builder.Append(segment.Start.ToString("R", CultureInfo.InvariantCulture)).Append('|')
                .Append(segment.End.ToString("R", CultureInfo.InvariantCulture)).Append('|')
                .Append(segment.Text).Append('\n');
            foreach (var word in segment.Words ?? [])
            {
                builder.Append(word.Start.ToString("R", CultureInfo.InvariantCulture)).Append(' ').Append(word.Word).Append('\n');
            }
        }
        hash.Append(Encoding.UTF8.GetBytes(builder.ToString()));
        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}
