using FunAsr.Text.Scripts;
using System.Text.RegularExpressions;
using FunAsr.QaBot.Lectures;

namespace FunAsr.QaBot.Retrieval;

/// <summary>Splits Chinese and English text into sentences and times each one (word times where the ASR gave them).</summary>
public static partial class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    { "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "vs", "no", "approx", "dept", "inc", "ltd", "st", "jr", "sr" };

    public static List<string> Split(string text) => SplitWithOffsets(text).Select(p => p.Text).ToList();

    /// <summary>Sentences with their offsets [start, end) in the text (before trimming).</summary>
    public static List<(string Text, int Start, int End)> SplitWithOffsets(string text)
    {
        var sentences = new List<(string, int, int)>();
        var start = 0;
        foreach (Match boundary in Boundary().Matches(text))
        {
            var end = boundary.Index + boundary.Length;
            if (boundary.Value[0] == '.' && IsAbbreviation(text, boundary.Index))
            {
                continue;
            }
            Add(sentences, text, start, end);
            start = end;
        }
        Add(sentences, text, start, text.Length);
        return sentences;
    }

    /// <summary>
    /// The segment's sentences with their times: from the segment's word times where the words align with the text, else the
    /// share of the segment's time the sentence's characters take. <paramref name="firstIndex"/> numbers them within the lecture.
    /// </summary>
    public static List<TimedSentence> SplitTimed(TranscriptSegment segment, int firstIndex = 0)
    {
        var pieces = SplitWithOffsets(segment.Text);
        var words = segment.Words;
        var spans = words is { Count: > 0 } ? WordTimeAlignment.Align(segment.Text, words) : null;
        var total = pieces.Sum(p => Math.Max(TextScript.Units(p.Text), 0.1));
        var result = new List<TimedSentence>(pieces.Count);
        var cursor = segment.Start;
        var duration = Math.Max(0, segment.End - segment.Start);
        foreach (var (piece, start, end) in pieces)
        {
            var share = Math.Max(TextScript.Units(piece), 0.1) / total;
            var estimatedEnd = cursor + duration * share;
            var timed = spans is null ? null : WordTimeAlignment.TimeOf(start, end, words!, spans);
            result.Add(timed is { } t
                ? new TimedSentence(firstIndex + result.Count, piece, Math.Round(t.Start, 2), Math.Round(t.End, 2), FromWords: true)
                : new TimedSentence(firstIndex + result.Count, piece, Math.Round(cursor, 2), Math.Round(estimatedEnd, 2), FromWords: false));
            cursor = estimatedEnd;
        }
        return result;
    }

    private static void Add(List<(string, int, int)> sentences, string text, int start, int end)
    {
        var trimmed = text[start..end].Trim();
        if (trimmed.Length > 0)
        {
            sentences.Add((trimmed, start, end));
        }
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        var wordStart = dot;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }
        var word = text[wordStart..dot];
        return word.Length > 0 && (Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0])));
    }

    // CJK sentence enders end a sentence outright; Latin ones only before whitespace (so 3.5 and example.com stay whole).
    // Closing quotes and brackets stay with the sentence they close.
    [GeneratedRegex(@"(?:[。！？…]+|[.!?]+(?=\s|$))[”’""'）)\]」』]*")]
    private static partial Regex Boundary();
}
