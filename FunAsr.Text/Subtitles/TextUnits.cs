using System.Text;
using FunAsr.Text.Scripts;

namespace FunAsr.Text.Subtitles;

/// <summary>
/// The smallest piece a cue or a line may start with: a word with the punctuation that belongs to it ("world.",
/// "很好。"), its time, whether a space precedes it, and which of the recogniser's words it holds.
/// </summary>
internal readonly record struct TextUnit(
    string Text, double Start, double End, bool SpaceBefore, int FirstWord, int WordCount)
{
    public bool EndsSentence => EndsWithSentenceMark(Text);

    public bool EndsClause => LastMark(Text) is { } c && TextScript.IsClauseEnd(c);

    private static char? LastMark(string text)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            if (!TextScript.IsClosing(text[i]) && text[i] is not ('"' or '\''))
            {
                return text[i];
            }
        }
        return null;
    }

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    { "mr", "mrs", "ms", "dr", "prof", "st", "vs", "e.g", "i.e", "cf", "no", "jr", "sr", "inc", "ltd", "co", "approx", "dept" };

    private static bool EndsWithSentenceMark(string text)
    {
        if (LastMark(text) is not { } mark || !TextScript.IsSentenceEnd(mark))
        {
            return false;
        }
        if (mark != '.' || text.EndsWith("..", StringComparison.Ordinal))
        {
            return true;
        }
        // "Mr." and "e.g." do not end a sentence, nor do initials ("J.") or dotted abbreviations ("U.S.").
        var word = text.TrimEnd('.', '"', '\'', ')', '”', '’');
        return word.Length > 0 && !Abbreviations.Contains(word) && !(word.Length == 1 && char.IsLetter(word[0])) && !word.Contains('.');
    }
}

internal static class TextUnits
{
    /// <summary>
    /// Units of a timed text: the recogniser's words placed in the text (so the text keeps its own spacing), or, when
    /// there are none or they do not spell the text, words cut from the text with times spread by their length.
    /// </summary>
    public static List<TextUnit> Of(TimedText timed, out bool timedByWords)
    {
        if (timed.Words.Count > 0 && Place(timed) is { } placed)
        {
            timedByWords = true;
            return placed;
        }
        timedByWords = false;
        return Estimate(timed.Text, timed.Start, timed.End);
    }

    private static List<TextUnit>? Place(TimedText timed)
    {
        var text = timed.Text;
        var units = new List<TextUnit>(timed.Words.Count);
        var cursor = 0;
        var lead = string.Empty;
        for (var i = 0; i < timed.Words.Count; i++)
        {
            var word = timed.Words[i];
            var needle = word.Text.Trim();
            if (needle.Length == 0)
            {
                continue;
            }
            var at = text.IndexOf(needle, cursor, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }
            var between = text.AsSpan(cursor, at - cursor);
            var spaceBefore = units.Count > 0 && between.IndexOfAny(' ', '\t', '\n') >= 0;
            var stray = between.Trim();
            if (!stray.IsEmpty && units.Count == 0)
            {
                lead = stray.ToString();
            }
            else if (!stray.IsEmpty)
            {
                // Text the words do not cover (punctuation the recogniser did not time) stays with the word before it.
                var last = units[^1];
                units[^1] = last with { Text = last.Text + stray.ToString() };
            }
            cursor = at + needle.Length;
            var unit = new TextUnit(lead + needle, word.Start, Math.Max(word.Start, word.End), spaceBefore, i, 1);
            if (units.Count > 0 && !spaceBefore && stray.IsEmpty && TextScript.AttachesToPrevious(needle[0]))
            {
                var last = units[^1];
                units[^1] = last with { Text = last.Text + needle, End = Math.Max(last.End, unit.End), WordCount = last.WordCount + 1 };
            }
            else
            {
                units.Add(unit);
            }
            lead = string.Empty;
        }
        if (units.Count == 0)
        {
            return null;
        }
        var rest = text.AsSpan(cursor).Trim();
        if (!rest.IsEmpty)
        {
            units[^1] = units[^1] with { Text = units[^1].Text + rest.ToString() };
        }
        return units;
    }

    /// <summary>Words of a text: CJK characters one by one, other scripts by spaces, punctuation kept with what it follows.</summary>
    public static List<TextUnit> Estimate(string text, double start, double end)
    {
        var pieces = new List<(string Text, bool SpaceBefore)>();
        var current = new StringBuilder();
        var space = false;
        void Flush()
        {
            if (current.Length > 0)
            {
                pieces.Add((current.ToString(), space && pieces.Count > 0));
                current.Clear();
                space = false;
            }
        }
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                Flush();
                space = true;
                continue;
            }
            var attaches = rune.IsBmp && TextScript.AttachesToPrevious((char)rune.Value);
            if (attaches && current.Length == 0 && pieces.Count > 0 && !space)
            {
                var last = pieces[^1];
                pieces[^1] = (last.Text + rune, last.SpaceBefore);
                continue;
            }
            if (TextScript.IsCjk(rune))
            {
                // An opening mark stays with the character it opens ("「你").
                if (!current.ToString().All(TextScript.IsOpening))
                {
                    Flush();
                }
                current.Append(rune.ToString());
                Flush();
                continue;
            }
            if (attaches && current.Length > 0)
            {
                current.Append(rune.ToString());
                continue;
            }
            if (current.Length > 0 && !attaches && TextScript.IsWide(rune) != TextScript.IsWide(Rune.GetRuneAt(current.ToString(), 0)))
            {
                Flush();
            }
            current.Append(rune.ToString());
        }
        Flush();

        var weights = pieces.Select(p => Math.Max(0.2, TextScript.Units(p.Text))).ToArray();
        var total = weights.Sum();
        var span = Math.Max(0, end - start);
        var units = new List<TextUnit>(pieces.Count);
        var clock = start;
        for (var i = 0; i < pieces.Count; i++)
        {
            var duration = total > 0 ? span * weights[i] / total : 0;
            units.Add(new TextUnit(pieces[i].Text, clock, clock + duration, pieces[i].SpaceBefore, -1, 0));
            clock += duration;
        }
        return units;
    }

    /// <summary>The units written out with their spacing; the first one never gets a leading space.</summary>
    public static string Write(IEnumerable<TextUnit> units)
    {
        var builder = new StringBuilder();
        foreach (var unit in units)
        {
            if (builder.Length > 0 && unit.SpaceBefore)
            {
                builder.Append(' ');
            }
            builder.Append(unit.Text);
        }
        return builder.ToString();
    }
}
