using System.Text.RegularExpressions;
using FunAsr.Text.Analysis;
using FunAsr.Text.Scripts;

namespace FunAsr.Text.Concepts;

/// <summary>
/// Whether a candidate is a whole term of the lecture or a piece clipped off a longer one (力资源部
/// of 人力资源部, "colour-coded chopping" of "colour-coded chopping boards", "article inspection" of "first article
/// inspection"). A whole term is free on both sides: what is said right before and after it varies (the accessor variety of
/// Feng et al., "Accessor variety criteria for Chinese word extraction", CL 2004). A candidate the lecture says mostly after
/// the same character or word, or before it, is part of something longer.
/// </summary>
public static partial class TermBoundaries
{
    /// <summary>A side is bound when one neighbour makes at least this share of the candidate's occurrences.</summary>
    public const double BoundShare = 0.75;

    private const int MinOccurrences = 2;

    public static bool IsClipped(string label, IReadOnlyList<ConceptSentence> sentences, bool cjk)
    {
        var left = new Dictionary<string, int>(StringComparer.Ordinal);
        var right = new Dictionary<string, int>(StringComparer.Ordinal);
        var occurrences = 0;
        var pattern = cjk ? null : new Regex(DefinitionFinder.EnglishTermPattern(label), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        foreach (var sentence in sentences)
        {
            var text = sentence.Text;
            if (cjk)
            {
                for (var at = text.IndexOf(label, StringComparison.Ordinal); at >= 0; at = text.IndexOf(label, at + label.Length, StringComparison.Ordinal))
                {
                    occurrences++;
                    CountCharacter(left, at > 0 ? text[at - 1] : '\0');
                    CountCharacter(right, at + label.Length < text.Length ? text[at + label.Length] : '\0');
                }
                continue;
            }
            foreach (Match mention in pattern!.Matches(text))
            {
                occurrences++;
                CountWord(left, WordBefore().Match(text[..mention.Index]));
                CountWord(right, WordAfter().Match(text[(mention.Index + mention.Length)..]));
            }
        }
        return occurrences >= MinOccurrences && (Bound(left, occurrences) || Bound(right, occurrences));
    }

    // Punctuation, the start or end of a sentence and function characters (的, 是, 和) leave a CJK word free.
    private static void CountCharacter(Dictionary<string, int> neighbours, char c)
    {
        if (TextScript.IsCjk(c) && !CjkPhrases.IsFunctionCharacter(c))
        {
            neighbours[c.ToString()] = neighbours.GetValueOrDefault(c.ToString()) + 1;
        }
    }

    // Punctuation and function words (the, of, is) leave an English phrase free; "first" before "article inspection" does not.
    private static void CountWord(Dictionary<string, int> neighbours, Match word)
    {
        if (word.Success && word.Groups[1].Value.ToLowerInvariant() is var lower && !StopWords.English.Contains(lower) && !EnglishWords.Determiners.Contains(lower))
        {
            neighbours[lower] = neighbours.GetValueOrDefault(lower) + 1;
        }
    }

    private static bool Bound(Dictionary<string, int> neighbours, int occurrences) =>
        neighbours.Count > 0 && neighbours.Values.Max() >= BoundShare * occurrences;

    [GeneratedRegex(@"([\p{L}\p{N}][\p{L}\p{N}'’\-]*)[ \t]+$")]
    private static partial Regex WordBefore();

    [GeneratedRegex(@"^[ \t]+([\p{L}\p{N}][\p{L}\p{N}'’\-]*)")]
    private static partial Regex WordAfter();
}
