using System.Text.RegularExpressions;
using FunAsr.Text.Concepts;
using FunAsr.Text.Scripts;

namespace FunAsr.Learning.Knowledge;

/// <summary>
/// Finds where a sentence says a concept, by the concept extractor's own keys: English by the stems of a word window
/// (so "audit trails" is "audit trail"), Chinese and Japanese as the written word.
/// </summary>
public static partial class MentionLocator
{
    private const int MaxWords = 6;

    /// <summary>The span of the first mention of the concept in <paramref name="sentence"/>, or null.</summary>
    public static (int Start, int Length)? Find(string sentence, string key, string label)
    {
        var byLabel = sentence.IndexOf(label, StringComparison.OrdinalIgnoreCase);
        if (byLabel >= 0 && label.Length > 0)
        {
            return (byLabel, label.Length);
        }
        if (key.Any(TextScript.IsCjk))
        {
            var byKey = sentence.IndexOf(key, StringComparison.OrdinalIgnoreCase);
            return byKey >= 0 ? (byKey, key.Length) : null;
        }
        var wordsInKey = key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var words = Words().Matches(sentence);
        for (var i = 0; i + wordsInKey <= words.Count; i++)
        {
            var start = words[i].Index;
            var end = words[i + wordsInKey - 1].Index + words[i + wordsInKey - 1].Length;
            if (EnglishPhrases.Key(sentence[start..end]) == key)
            {
                return (start, end - start);
            }
        }
        return null;
    }

    public static bool Mentions(string sentence, string key, string label) => Find(sentence, key, label) is not null;

    /// <summary>Every key of one to <see cref="MaxWords"/> consecutive words of an English sentence, to test many concepts at once.</summary>
    public static HashSet<string> EnglishKeys(string sentence)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var words = Words().Matches(sentence);
        for (var i = 0; i < words.Count; i++)
        {
            for (var n = 1; n <= MaxWords && i + n <= words.Count; n++)
            {
                var end = words[i + n - 1].Index + words[i + n - 1].Length;
                keys.Add(EnglishPhrases.Key(sentence[words[i].Index..end]));
            }
        }
        return keys;
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’-]*")]
    private static partial Regex Words();
}
