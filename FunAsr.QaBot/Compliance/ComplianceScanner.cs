using System.Text;
using FunAsr.QaBot.Lectures;

namespace FunAsr.QaBot.Compliance;

/// <summary>Runs every detector over each segment and turns findings into alerts whose excerpts are masked.</summary>
public sealed class ComplianceScanner(IEnumerable<ISensitiveDetector> detectors, TimeProvider time)
{
    private const int ExcerptContext = 40;
    private readonly ISensitiveDetector[] _detectors = detectors.OrderBy(d => d.Priority).ToArray();

    /// <summary>Findings in one text, overlaps resolved by detector priority, in text order.</summary>
    public IReadOnlyList<SensitiveMatch> FindAll(string text)
    {
        var accepted = new List<SensitiveMatch>();
        foreach (var detector in _detectors)
        {
            foreach (var match in detector.Find(text))
            {
                if (!accepted.Any(a => a.Index < match.Index + match.Length && match.Index < a.Index + a.Length))
                {
                    accepted.Add(match);
                }
            }
        }
        accepted.Sort((a, b) => a.Index.CompareTo(b.Index));
        return accepted;
    }

    /// <summary>The text with every finding replaced by its masked form.</summary>
    public string Mask(string text) => MaskWith(text, FindAll(text)).Text;

    public AuditReport Scan(string lectureId, string title, IReadOnlyList<TranscriptSegment> segments)
    {
        var now = time.GetUtcNow();
        var alerts = new List<ComplianceAlert>();
        foreach (var segment in segments)
        {
            var matches = FindAll(segment.Text);
            if (matches.Count == 0)
            {
                continue;
            }
            var (masked, positions) = MaskWith(segment.Text, matches);
            for (var i = 0; i < matches.Count; i++)
            {
                var (start, length) = positions[i];
                var from = Math.Max(0, start - ExcerptContext);
                var to = Math.Min(masked.Length, start + length + ExcerptContext);
                var excerpt = (from > 0 ? "…" : "") + masked[from..to] + (to < masked.Length ? "…" : "");
                alerts.Add(new ComplianceAlert(
                    $"{lectureId}:{segment.Id}:{i}", lectureId, title, matches[i].Kind, segment.Id, segment.Start, segment.End,
                    excerpt, matches[i].Term, now));
            }
        }
        var counts = alerts.GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.Count());
        return new AuditReport(lectureId, title, now, segments.Count, counts, alerts);
    }

    private static (string Text, List<(int Start, int Length)> Positions) MaskWith(string text, IReadOnlyList<SensitiveMatch> matches)
    {
        var builder = new StringBuilder(text.Length);
        var positions = new List<(int, int)>(matches.Count);
        var cursor = 0;
        foreach (var match in matches)
        {
            builder.Append(text, cursor, match.Index - cursor);
            positions.Add((builder.Length, match.Masked.Length));
            builder.Append(match.Masked);
            cursor = match.Index + match.Length;
        }
        builder.Append(text, cursor, text.Length - cursor);
        return (builder.ToString(), positions);
    }
}
