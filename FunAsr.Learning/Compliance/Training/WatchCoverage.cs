using System.Globalization;
using System.Text;

namespace FunAsr.Learning.Compliance.Training;

/// <summary>
/// The union of the stretches a person played: seeking to the end or replaying one minute ten times covers what it
/// covers, not more.
/// </summary>
public static class WatchCoverage
{
    public const int MaxIntervals = 400;

    public static List<(double Start, double End)> Parse(string stored) =>
        stored.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('-'))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();

    public static string Format(IEnumerable<(double Start, double End)> intervals)
    {
        var builder = new StringBuilder();
        foreach (var (start, end) in intervals)
        {
            builder.Append(builder.Length == 0 ? "" : ";").Append(start.ToString("0.###", CultureInfo.InvariantCulture)).Append('-')
                .Append(end.ToString("0.###", CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>Merged, sorted and clamped to [0, duration]; stretches a tenth of a second apart join.</summary>
    public static List<(double Start, double End)> Merge(IEnumerable<(double Start, double End)> intervals, double duration)
    {
        var merged = new List<(double Start, double End)>();
        foreach (var (start, end) in intervals.Select(i => (Math.Clamp(i.Start, 0, duration), Math.Clamp(i.End, 0, duration)))
                     .Where(i => i.Item2 > i.Item1).OrderBy(i => i.Item1))
        {
            if (merged.Count > 0 && start <= merged[^1].End + 0.1)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
            }
            else
            {
                merged.Add((start, end));
            }
        }
        return merged;
    }

    public static double Share(IReadOnlyList<(double Start, double End)> merged, double duration) =>
        duration <= 0 ? 0 : Math.Min(1, merged.Sum(i => i.End - i.Start) / duration);
}
