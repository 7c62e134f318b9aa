using FunAsr.QaBot.Lectures;

namespace FunAsr.QaBot.Retrieval;

/// <summary>
/// Finds each recognised word of a segment in the segment's text (letters and digits only, case-insensitive, in order), so a
/// sentence's time can be read off its first and last word. Words the text does not spell the same way (inverse text
/// normalisation wrote 三十 as 30, an edit changed a word) are skipped; the words around them keep the alignment.
/// </summary>
public static class WordTimeAlignment
{
    /// <summary>How far ahead of the last matched word a word may be found (in letters and digits of the text).</summary>
    private const int SearchWindow = 24;

    /// <summary>Per word, the text offsets [start, end) it was found at, or null when it was not found.</summary>
    public static (int Start, int End)?[] Align(string text, IReadOnlyList<TranscriptWord> words)
    {
        var significant = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsLetterOrDigit(text[i]))
            {
                significant.Add(i);
            }
        }
        var result = new (int, int)?[words.Count];
        var cursor = 0;
        for (var w = 0; w < words.Count; w++)
        {
            var letters = words[w].Word.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray();
            if (letters.Length == 0)
            {
                continue;
            }
            var limit = Math.Min(significant.Count - letters.Length, cursor + SearchWindow);
            for (var at = cursor; at <= limit; at++)
            {
                if (Matches(text, significant, at, letters))
                {
                    result[w] = (significant[at], significant[at + letters.Length - 1] + 1);
                    cursor = at + letters.Length;
                    break;
                }
            }
        }
        return result;
    }

    /// <summary>
    /// The time of the text range [start, end): from the first to the last aligned word inside it, or null when no aligned
    /// word falls inside (then the caller estimates).
    /// </summary>
    public static (double Start, double End)? TimeOf(int start, int end, IReadOnlyList<TranscriptWord> words, (int Start, int End)?[] spans)
    {
        double? first = null, last = null;
        for (var w = 0; w < words.Count; w++)
        {
            if (spans[w] is { } span && span.Start < end && span.End > start)
            {
                first ??= words[w].Start;
                last = words[w].End;
            }
        }
        return first is null ? null : (first.Value, Math.Max(first.Value, last!.Value));
    }

    private static bool Matches(string text, List<int> significant, int at, char[] letters)
    {
        for (var k = 0; k < letters.Length; k++)
        {
            if (char.ToLowerInvariant(text[significant[at + k]]) != letters[k])
            {
                return false;
            }
        }
        return true;
    }
}
