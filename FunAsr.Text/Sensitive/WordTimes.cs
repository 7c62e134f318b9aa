using FunAsr.Text.Scripts;
using FunAsr.Text.Subtitles;

namespace FunAsr.Text.Sensitive;

/// <summary>Places the words of a timed text on its characters, so that a character span has a start and end time.</summary>
public static class WordTimes
{
    /// <summary>
    /// The character range each word covers in <paramref name="text"/>, found in order and case-insensitively; null when
    /// a word cannot be found after the one before it (the text was edited, or the words are a different tokenisation).
    /// </summary>
    public static (int Start, int End)[]? Align(string text, IReadOnlyList<TimedWord> words)
    {
        var ranges = new (int, int)[words.Count];
        var cursor = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var needle = words[i].Text.Trim();
            if (needle.Length == 0)
            {
                ranges[i] = (cursor, cursor);
                continue;
            }
            var at = text.IndexOf(needle, cursor, StringComparison.OrdinalIgnoreCase);
            // A word far ahead of the cursor means the words no longer spell the text.
            if (at < 0 || Skipped(text, cursor, at) > 8)
            {
                return null;
            }
            ranges[i] = (at, at + needle.Length);
            cursor = at + needle.Length;
        }
        return ranges;
    }

    /// <summary>Findings with <see cref="SensitiveFinding.StartTime"/> and <see cref="SensitiveFinding.EndTime"/> set.</summary>
    public static IReadOnlyList<SensitiveFinding> Apply(TimedText text, IReadOnlyList<SensitiveFinding> findings)
    {
        if (findings.Count == 0)
        {
            return findings;
        }
        var ranges = text.Words.Count > 0 ? Align(text.Text, text.Words) : null;
        return findings.Select(f => ranges is null ? Estimated(text, f) : FromWords(text, ranges, f) ?? Estimated(text, f)).ToArray();
    }

    private static SensitiveFinding? FromWords(TimedText text, (int Start, int End)[] ranges, SensitiveFinding finding)
    {
        double? start = null, end = null;
        for (var i = 0; i < ranges.Length; i++)
        {
            if (ranges[i].Start < finding.End && finding.Start < ranges[i].End)
            {
                start ??= text.Words[i].Start;
                end = text.Words[i].End;
            }
        }
        return start is null ? null : finding with { StartTime = start, EndTime = end, TimeEstimated = false };
    }

    // By units (a CJK character, or three Latin ones) rather than characters, so that mixed text is spread about evenly in time.
    private static SensitiveFinding Estimated(TimedText text, SensitiveFinding finding)
    {
        var total = TextScript.Units(text.Text);
        if (total <= 0 || text.End <= text.Start)
        {
            return finding with { StartTime = text.Start, EndTime = text.End, TimeEstimated = true };
        }
        var before = TextScript.Units(text.Text[..finding.Start]);
        var through = TextScript.Units(text.Text[..finding.End]);
        var span = text.End - text.Start;
        return finding with
        {
            StartTime = Math.Round(text.Start + span * before / total, 3),
            EndTime = Math.Round(text.Start + span * through / total, 3),
            TimeEstimated = true,
        };
    }

    private static int Skipped(string text, int from, int to)
    {
        var skipped = 0;
        for (var i = from; i < to; i++)
        {
            if (char.IsLetterOrDigit(text[i]))
            {
                skipped++;
            }
        }
        return skipped;
    }
}
