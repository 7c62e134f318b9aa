namespace FunAsr.AsrService.Nano;

/// <summary>
/// Detects runaway repetition at the tail of generated ids: one unit of period p (1..MaxPeriod) repeated
/// max(MinRepeats, ceil(MinTokens / p)) times. The generator script's repetition_cut is the same rule.
/// </summary>
public static class RepetitionGuard
{
    public const int MaxPeriod = 10;
    public const int MinTokens = 20;
    public const int MinRepeats = 3;

    /// <summary>How many ids to keep (the text up to one copy of the repeated unit), or null when the tail is not a loop.</summary>
    public static int? KeepCount(IReadOnlyList<int> ids)
    {
        for (var period = 1; period <= MaxPeriod; period++)
        {
            var repeats = Math.Max(MinRepeats, (MinTokens + period - 1) / period);
            var span = period * repeats;
            if (ids.Count < span)
            {
                continue;
            }

            var first = ids.Count - span;
            var loop = true;
            for (var i = first + period; i < ids.Count && loop; i++)
            {
                loop = ids[i] == ids[i - period];
            }

            if (loop)
            {
                return ids.Count - (period * (repeats - 1));
            }
        }

        return null;
    }
}
