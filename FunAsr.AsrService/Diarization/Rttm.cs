using System.Globalization;
using System.Text;

namespace FunAsr.AsrService.Diarization;

/// <summary>
/// NIST RTTM speaker lines: <c>SPEAKER file 1 start duration &lt;NA&gt; &lt;NA&gt; name &lt;NA&gt; &lt;NA&gt;</c>, times in seconds.
/// </summary>
public static class Rttm
{
    public static List<LabeledSegment> Parse(string text)
    {
        var segments = new List<LabeledSegment>();
        int number = 0;
        foreach (string raw in text.Split('\n'))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith(';') || line.StartsWith('#'))
            {
                continue;
            }

            string[] fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields[0] != "SPEAKER")
            {
                continue;
            }

            if (fields.Length < 8
                || !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out double start)
                || !double.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double duration)
                || duration < 0 || !double.IsFinite(start) || !double.IsFinite(duration))
            {
                throw new FormatException($"RTTM line {number} is not 'SPEAKER file channel start duration <NA> <NA> name ...': {line}");
            }

            segments.Add(new LabeledSegment(start, start + duration, fields[7]));
        }

        return segments;
    }

    public static string Write(string fileId, IEnumerable<LabeledSegment> segments)
    {
        string id = string.IsNullOrWhiteSpace(fileId) ? "audio" : string.Concat(fileId.Where(c => !char.IsWhiteSpace(c)));
        var text = new StringBuilder();
        foreach (var s in segments.OrderBy(s => s.Start))
        {
            string label = string.Concat(s.Label.Where(c => !char.IsWhiteSpace(c)));
            text.Append(CultureInfo.InvariantCulture, $"SPEAKER {id} 1 {s.Start:0.000} {s.Duration:0.000} <NA> <NA> {label} <NA> <NA>\n");
        }

        return text.ToString();
    }
}
