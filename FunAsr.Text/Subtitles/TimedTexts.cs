using FunAsr.Text.Joining;
using FunAsr.Text.Scripts;

namespace FunAsr.Text.Subtitles;

/// <summary>Splitting and joining timed text the way a person correcting a transcript does, keeping word times where they still hold.</summary>
public static class TimedTexts
{
    /// <summary>
    /// Splits at a character offset of the text: the words before it go left, the rest right. The cut falls at
    /// <paramref name="time"/> when given, else where the right part's first word starts, else in proportion to the text.
    /// </summary>
    public static (TimedText Left, TimedText Right) SplitAt(TimedText text, int offset, double? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(offset, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, text.Text.Length);
        var left = text.Text[..offset].Trim();
        var right = text.Text[offset..].Trim();
        List<TimedWord> leftWords = [], rightWords = [];
        var cursor = 0;
        foreach (var word in text.Words)
        {
            var needle = word.Text.Trim();
            var at = needle.Length == 0 ? -1 : text.Text.IndexOf(needle, cursor, StringComparison.Ordinal);
            if (at < 0)
            {
                // The words no longer spell the text: neither side keeps them.
                leftWords.Clear();
                rightWords.Clear();
                break;
            }
            (at < offset ? leftWords : rightWords).Add(word);
            cursor = at + needle.Length;
        }
        var share = TextScript.Units(left) / Math.Max(1e-9, TextScript.Units(left) + TextScript.Units(right));
        var cut = time ?? (rightWords.Count > 0 && leftWords.Count > 0 ? rightWords[0].Start : text.Start + (text.End - text.Start) * share);
        cut = Math.Clamp(cut, text.Start, Math.Max(text.Start, text.End));
        return (new TimedText(text.Start, cut, left, leftWords), new TimedText(cut, text.End, right, rightWords));
    }

    /// <summary>Two neighbouring texts as one: joined by the one joining rule, spanning both, words kept when both had them.</summary>
    public static TimedText Join(TimedText first, TimedText second) => new(
        Math.Min(first.Start, second.Start),
        Math.Max(first.End, second.End),
        TextJoiner.Join([first.Text, second.Text]),
        first.Words.Count > 0 && second.Words.Count > 0 ? [.. first.Words, .. second.Words] : []);
}
