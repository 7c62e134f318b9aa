namespace FunAsr.Text.Subtitles;

/// <summary>
/// Cuts timed text into pieces that each fit one cue: always after a sentence and at a long pause, and where a
/// sentence is too long for one cue, at the cut that needs the fewest pieces, falls after a comma or in a pause,
/// and leaves the pieces about even. Transcripts use the pieces as their segments and subtitles as their cues, so
/// both follow the same boundaries.
/// </summary>
public static class CueCutter
{
    private const double PiecePenalty = 10;

    /// <summary>
    /// The pieces of one timed text: the first starts and the last ends where the text does, inner boundaries fall on
    /// word times, and each piece keeps the recogniser's words it holds.
    /// </summary>
    public static IReadOnlyList<TimedText> Cut(TimedText text, SubtitleRules rules)
    {
        if (string.IsNullOrWhiteSpace(text.Text))
        {
            return [];
        }
        var units = TextUnits.Of(text, out var timedByWords);
        if (!timedByWords && text.Words.Count > 0)
        {
            // The words do not spell the text (it was edited after recognition): keep it whole with what it has.
            return [text];
        }
        var pieces = Pieces(units, rules, text.End);
        var result = new List<TimedText>(pieces.Count);
        for (var p = 0; p < pieces.Count; p++)
        {
            var (first, last) = pieces[p];
            var start = p == 0 ? text.Start : units[first].Start;
            var end = p == pieces.Count - 1 ? Math.Max(text.End, start) : units[last].End;
            var words = timedByWords
                ? text.Words.Skip(units[first].FirstWord).Take(units[last].FirstWord + units[last].WordCount - units[first].FirstWord).ToList()
                : [];
            result.Add(new TimedText(start, end, TextUnits.Write(Slice(units, first, last)), words));
        }
        return result;
    }

    /// <summary>Index ranges [first, last] of the units each piece holds; <paramref name="end"/> is when the text ends.</summary>
    internal static List<(int First, int Last)> Pieces(IReadOnlyList<TextUnit> units, SubtitleRules rules, double end)
    {
        var pieces = new List<(int First, int Last)>();
        var runStart = 0;
        for (var i = 0; i < units.Count; i++)
        {
            if (i == units.Count - 1 || units[i].EndsSentence || units[i + 1].Start - units[i].End >= rules.LongPauseSeconds)
            {
                SplitRun(units, runStart, i, rules, pieces);
                runStart = i + 1;
            }
        }
        JoinShort(units, pieces, rules, end);
        return pieces;
    }

    /// <summary>
    /// A piece that cannot stay on screen for the minimum before the next one starts ("Yes." said quickly before the next
    /// sentence) joins its neighbour when the two fit one cue, else the two are cut again as one stretch, where the cut
    /// falls where both can be read. A long pause still always ends a piece.
    /// </summary>
    private static void JoinShort(IReadOnlyList<TextUnit> units, List<(int First, int Last)> pieces, SubtitleRules rules, double end)
    {
        var p = 0;
        for (var guard = 0; p < pieces.Count && pieces.Count > 1 && guard < 4 * units.Count; guard++)
        {
            var next = p + 1 < pieces.Count ? units[pieces[p + 1].First].Start : end;
            var with = next - units[pieces[p].First].Start >= rules.MinCueSeconds ? -1
                : p + 1 < pieces.Count && Joinable(units, pieces[p].Last, rules) ? p + 1
                : p > 0 && Joinable(units, pieces[p - 1].Last, rules) ? p - 1
                : -1;
            if (with < 0)
            {
                p++;
                continue;
            }
            var first = Math.Min(p, with);
            var span = (pieces[first].First, pieces[first + 1].Last);
            var recut = new List<(int, int)>();
            if (Fits(units, span.First, span.Last, rules))
            {
                recut.Add(span);
            }
            else
            {
                SplitRun(units, span.First, span.Last, rules, recut);
            }
            if (recut.Count == 2 && recut[0] == pieces[first] && recut[1] == pieces[first + 1])
            {
                p++;
                continue;
            }
            pieces.RemoveRange(first, 2);
            pieces.InsertRange(first, recut);
            p = Math.Max(0, first - 1);
        }
    }

    // Pieces may be joined across a sentence end, never across a long pause.
    private static bool Joinable(IReadOnlyList<TextUnit> units, int lastOfFirst, SubtitleRules rules) =>
        units[lastOfFirst + 1].Start - units[lastOfFirst].End < rules.LongPauseSeconds;

    internal static bool Fits(IReadOnlyList<TextUnit> units, int first, int last, SubtitleRules rules) =>
        first == last
        || (units[last].End - units[first].Start <= rules.MaxCueSeconds && LineBreaker.LinesNeeded(units, first, last, rules) <= rules.MaxLines);

    // Dynamic programming over cut points: fewest pieces first, then the best cuts, then the fullest pieces.
    private static void SplitRun(IReadOnlyList<TextUnit> units, int first, int last, SubtitleRules rules, List<(int, int)> pieces)
    {
        if (Fits(units, first, last, rules))
        {
            pieces.Add((first, last));
            return;
        }
        var n = last - first + 1;
        var cost = new double[n + 1];
        var from = new int[n + 1];
        Array.Fill(cost, double.MaxValue);
        cost[0] = 0;
        for (var start = 0; start < n; start++)
        {
            if (cost[start] == double.MaxValue)
            {
                continue;
            }
            for (var end = start; end < n; end++)
            {
                if (end > start && !Fits(units, first + start, first + end, rules))
                {
                    break;
                }
                var candidate = cost[start] + PieceCost(units, first + start, first + end, last, rules);
                if (candidate < cost[end + 1])
                {
                    cost[end + 1] = candidate;
                    from[end + 1] = start;
                }
            }
        }
        var found = new List<(int, int)>();
        for (var k = n; k > 0; k = from[k])
        {
            found.Add((first + from[k], first + k - 1));
        }
        found.Reverse();
        pieces.AddRange(found);
    }

    private static double PieceCost(IReadOnlyList<TextUnit> units, int first, int last, int runLast, SubtitleRules rules)
    {
        var duration = units[last].End - units[first].Start;
        var width = rules.Width(TextUnits.Write(Slice(units, first, last)));
        var fill = Math.Min(1, Math.Max(width / (rules.MaxLines * rules.MaxLineLength), duration / rules.MaxCueSeconds));
        var cost = PiecePenalty + 4 * (1 - fill) * (1 - fill);
        if (duration < rules.MinCueSeconds)
        {
            cost += 3 + 12 * (1 - duration / rules.MinCueSeconds);
        }
        if (last < runLast)
        {
            var gap = units[last + 1].Start - units[last].End;
            cost += units[last].EndsClause ? 0 : gap >= 0.25 ? 2 * (1 - Math.Min(gap, rules.LongPauseSeconds) / rules.LongPauseSeconds) : 4;
        }
        return cost;
    }

    internal static IEnumerable<TextUnit> Slice(IReadOnlyList<TextUnit> units, int first, int last)
    {
        for (var i = first; i <= last; i++)
        {
            yield return units[i];
        }
    }
}
