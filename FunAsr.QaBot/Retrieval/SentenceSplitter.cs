using FunAsr.Text.Scripts;
using System.Text.RegularExpressions;
using FunAsr.QaBot.Lectures;

namespace FunAsr.QaBot.Retrieval;

/// <summary>Splits Chinese and English text into sentences and gives each the share of its segment's time its characters take.</summary>
public static partial class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    { "e.g", "i.e", "etc", "mr", "mrs", "ms", "dr", "vs", "no", "approx", "dept", "inc", "ltd", "st", "jr", "sr" };

    public static List<string> Split(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        foreach (Match boundary in Boundary().Matches(text))
        {
            var end = boundary.Index + boundary.Length;
            if (boundary.Value[0] == '.' && IsAbbreviation(text, boundary.Index))
            {
                continue;
            }
            Add(sentences, text[start..end]);
            start = end;
        }
        Add(sentences, text[start..]);
        return sentences;
    }

    public static List<TimedSentence> SplitTimed(TranscriptSegment segment)
    {
        var pieces = Split(segment.Text);
        var total = pieces.Sum(p => Math.Max(TextScript.Units(p), 0.1));
        var result = new List<TimedSentence>(pieces.Count);
        var cursor = segment.Start;
        var duration = Math.Max(0, segment.End - segment.Start);
        foreach (var piece in pieces)
        {
            var share = Math.Max(TextScript.Units(piece), 0.1) / total;
            var end = cursor + duration * share;
            result.Add(new TimedSentence(piece, Math.Round(cursor, 2), Math.Round(end, 2)));
            cursor = end;
        }
        return result;
    }

    private static void Add(List<string> sentences, string piece)
    {
        var trimmed = piece.Trim();
        if (trimmed.Length > 0)
        {
            sentences.Add(trimmed);
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
