namespace FunAsr.Text.Subtitles;

/// <summary>Breaks a cue's units into lines: as few as fit, then as even as possible, preferring breaks after punctuation.</summary>
internal static class LineBreaker
{
    /// <summary>Lines a greedy fill needs (a single unit wider than a line takes a line of its own).</summary>
    public static int LinesNeeded(IReadOnlyList<TextUnit> units, int first, int last, SubtitleRules rules)
    {
        var lines = 1;
        double width = -1;
        for (var i = first; i <= last; i++)
        {
            var w = rules.Width(units[i].Text);
            if (width < 0)
            {
                width = w;
            }
            else if (width + (units[i].SpaceBefore ? 1 : 0) + w <= rules.MaxLineLength)
            {
                width += (units[i].SpaceBefore ? 1 : 0) + w;
            }
            else
            {
                lines++;
                width = w;
            }
        }
        return lines;
    }

    public static IReadOnlyList<string> Break(IReadOnlyList<TextUnit> units, SubtitleRules rules)
    {
        if (units.Count == 0)
        {
            return [];
        }
        var count = Math.Min(LinesNeeded(units, 0, units.Count - 1, rules), units.Count);
        if (count == 1)
        {
            return [TextUnits.Write(units)];
        }

        // best[l, k]: lowest (widest line, break penalty) for units [0, k) on l lines; cuts remember where line l starts.
        var n = units.Count;
        var best = new (double Widest, double Penalty)[count + 1, n + 1];
        var cuts = new int[count + 1, n + 1];
        for (var l = 0; l <= count; l++)
        {
            for (var k = 0; k <= n; k++)
            {
                best[l, k] = (double.MaxValue, double.MaxValue);
            }
        }
        best[0, 0] = (0, 0);
        for (var l = 1; l <= count; l++)
        {
            for (var k = l; k <= n; k++)
            {
                for (var start = l - 1; start < k; start++)
                {
                    var previous = best[l - 1, start];
                    if (previous.Widest == double.MaxValue)
                    {
                        continue;
                    }
                    var width = rules.Width(TextUnits.Write(Range(units, start, k)));
                    var penalty = previous.Penalty + (k < n ? BreakPenalty(units[k - 1]) : 0);
                    var candidate = (Math.Max(previous.Widest, width), penalty);
                    if (Better(candidate, best[l, k]))
                    {
                        best[l, k] = candidate;
                        cuts[l, k] = start;
                    }
                }
            }
        }

        var lines = new List<string>(count);
        for (int l = count, k = n; l > 0; l--)
        {
            var start = cuts[l, k];
            lines.Insert(0, TextUnits.Write(Range(units, start, k)));
            k = start;
        }
        return lines;
    }

    // Lines within a character of each other are equally good; then the break after punctuation wins.
    private static bool Better((double Widest, double Penalty) a, (double Widest, double Penalty) b) =>
        b.Widest == double.MaxValue || a.Widest < b.Widest - 1 || (Math.Abs(a.Widest - b.Widest) <= 1 && a.Penalty < b.Penalty);

    private static double BreakPenalty(TextUnit lastOnLine) => lastOnLine.EndsSentence ? 0 : lastOnLine.EndsClause ? 0.5 : 1;

    private static IEnumerable<TextUnit> Range(IReadOnlyList<TextUnit> units, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            yield return units[i];
        }
    }
}
