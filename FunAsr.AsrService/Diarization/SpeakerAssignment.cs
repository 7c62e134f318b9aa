namespace FunAsr.AsrService.Diarization;

/// <summary>A timed piece of a transcript (word, token or segment), in seconds.</summary>
public readonly record struct TimedSpan(double Start, double End);

/// <summary>
/// Gives each word or segment the speaker whose turns overlap it most (FunASR's sentence_info; WhisperX's
/// assign_word_speakers). Something no turn overlaps takes the nearest turn within <c>maxGapSeconds</c>, else no speaker.
/// </summary>
public static class SpeakerAssignment
{
    public static int?[] Assign(IReadOnlyList<TimedSpan> items, IReadOnlyList<SpeakerTurn> turns, double maxGapSeconds = 1.0)
    {
        var result = new int?[items.Count];
        if (turns.Count == 0)
        {
            return result;
        }

        SpeakerTurn[] sorted = [.. turns.OrderBy(t => t.Start)];
        // Running maximum of End, so the backward scan can stop once no earlier turn reaches the item.
        var reach = new double[sorted.Length];
        int speakers = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            reach[i] = Math.Max(sorted[i].End, i > 0 ? reach[i - 1] : double.NegativeInfinity);
            speakers = Math.Max(speakers, sorted[i].Speaker + 1);
        }

        var overlap = new double[speakers];
        for (int n = 0; n < items.Count; n++)
        {
            var item = items[n];
            int after = UpperBound(sorted, item.End);
            Array.Clear(overlap);
            int best = -1;
            double nearest = double.PositiveInfinity;
            int nearestSpeaker = -1;
            for (int i = after - 1; i >= 0 && reach[i] > item.Start - maxGapSeconds; i--)
            {
                var turn = sorted[i];
                double shared = Math.Min(turn.End, item.End) - Math.Max(turn.Start, item.Start);
                if (shared > 0 || (shared == 0 && item.End <= item.Start && turn.Start <= item.Start && item.Start < turn.End))
                {
                    overlap[turn.Speaker] += Math.Max(shared, double.Epsilon);
                    if (best < 0 || overlap[turn.Speaker] > overlap[best] || (overlap[turn.Speaker] == overlap[best] && turn.Speaker < best))
                    {
                        best = turn.Speaker;
                    }
                }
                else if (-shared < nearest)
                {
                    nearest = -shared;
                    nearestSpeaker = turn.Speaker;
                }
            }

            if (best < 0 && after < sorted.Length && sorted[after].Start - item.End < nearest)
            {
                nearest = sorted[after].Start - item.End;
                nearestSpeaker = sorted[after].Speaker;
            }

            result[n] = best >= 0 ? best : nearest <= maxGapSeconds ? nearestSpeaker : null;
        }

        return result;
    }

    // First turn starting at or after `time`: turns before it may overlap an item ending at `time`.
    private static int UpperBound(SpeakerTurn[] sorted, double time)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].Start < time)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
