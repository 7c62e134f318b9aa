using System.Text;
using FunAsr.QaBot.Lectures;
using FunAsr.Text.Sensitive;

namespace FunAsr.QaBot.Compliance;

/// <summary>Runs the shared detectors over each segment and turns findings into alerts whose excerpts are masked.</summary>
public sealed class ComplianceScanner(SensitiveScanner scanner, TimeProvider time)
{
    private const int ExcerptContext = 40;

    /// <summary>Findings in one text, overlaps resolved by detector priority, in text order.</summary>
    public IReadOnlyList<SensitiveFinding> FindAll(string text) => scanner.Scan(text);

    /// <summary>The text with every finding replaced by its masked form.</summary>
    public string Mask(string text) => MaskWith(text, FindAll(text)).Text;

    public AuditReport Scan(string lectureId, string title, IReadOnlyList<TranscriptSegment> segments)
    {
        var now = time.GetUtcNow();
        var alerts = new List<ComplianceAlert>();
        foreach (var segment in segments)
        {
            var findings = FindAll(segment.Text);
            if (findings.Count == 0)
            {
                continue;
            }
            var (masked, positions) = MaskWith(segment.Text, findings);
            for (var i = 0; i < findings.Count; i++)
            {
                var (start, length) = positions[i];
                var from = Math.Max(0, start - ExcerptContext);
                var to = Math.Min(masked.Length, start + length + ExcerptContext);
                var excerpt = (from > 0 ? "…" : "") + masked[from..to] + (to < masked.Length ? "…" : "");
                alerts.Add(new ComplianceAlert(
                    $"{lectureId}:{segment.Id}:{i}", lectureId, title, findings[i].Kind, segment.Id, segment.Start, segment.End,
                    excerpt, findings[i].Term, now, findings[i].Confidence, findings[i].Reason));
            }
        }
        var counts = alerts.GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.Count());
        return new AuditReport(lectureId, title, now, segments.Count, counts, alerts);
    }

    private static (string Text, List<(int Start, int Length)> Positions) MaskWith(string text, IReadOnlyList<SensitiveFinding> findings)
    {
        var builder = new StringBuilder(text.Length);
        var positions = new List<(int, int)>(findings.Count);
        var cursor = 0;
        foreach (var finding in findings)
        {
            builder.Append(text, cursor, finding.Start - cursor);
            positions.Add((builder.Length, finding.Masked.Length));
            builder.Append(finding.Masked);
            cursor = finding.End;
        }
        builder.Append(text, cursor, text.Length - cursor);
        return (builder.ToString(), positions);
    }
}
