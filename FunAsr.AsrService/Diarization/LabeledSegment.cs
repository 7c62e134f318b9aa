namespace FunAsr.AsrService.Diarization;

/// <summary>A labelled stretch of time, as one line of an RTTM file holds it.</summary>
public readonly record struct LabeledSegment(double Start, double End, string Label)
{
    public double Duration => End - Start;

    /// <summary>Turns with speakers named "A", "B", … (or SPEAKER_00-style when <paramref name="labels"/> is given).</summary>
    public static List<LabeledSegment> FromTurns(IEnumerable<SpeakerTurn> turns, Func<int, string>? labels = null) =>
        turns.Select(t => new LabeledSegment(t.Start, t.End, (labels ?? SpeakerLabels.Letter)(t.Speaker))).ToList();
}

/// <summary>The names the API gives unnamed speakers.</summary>
public static class SpeakerLabels
{
    /// <summary>0 → "A", 25 → "Z", 26 → "AA", … (OpenAI's diarized_json speakers).</summary>
    public static string Letter(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var text = string.Empty;
        for (int n = index + 1; n > 0; n = (n - 1) / 26)
        {
            text = (char)('A' + (n - 1) % 26) + text;
        }

        return text;
    }
}
