namespace FunAsr.Learning.Progress;

/// <summary>Merges played ranges so seconds watched twice count once.</summary>
public static class PlaybackRanges
{
    public static List<double[]> Add(IEnumerable<double[]> ranges, double from, double to)
    {
        var all = ranges.Append([from, to]).OrderBy(r => r[0]).ToList();
        var merged = new List<double[]>();
        foreach (var range in all)
        {
            // Ranges a fraction of a second apart are one stretch of playback (reports are cut at timer ticks).
            if (merged.Count > 0 && range[0] <= merged[^1][1] + 0.5)
            {
                merged[^1][1] = Math.Max(merged[^1][1], range[1]);
            }
            else
            {
                merged.Add([range[0], range[1]]);
            }
        }
        return merged;
    }

    public static double Total(IEnumerable<double[]> ranges) => ranges.Sum(r => r[1] - r[0]);
}
