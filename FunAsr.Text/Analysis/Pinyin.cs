using System.Collections.Concurrent;
using ICU4N.Text;

namespace FunAsr.Text.Analysis;

/// <summary>
/// Toneless pinyin of Chinese words (ICU's Han-Latin transliterator), as <c>py:</c> terms: speech recognition writes a word
/// it misheard with another word of the same sound (报销 / 包销, 部署 / 不数), and the sound still matches. Only words of two
/// or more characters: single syllables are shared by far too many characters to mean anything.
/// </summary>
public static class Pinyin
{
    public const string Prefix = "py:";

    private const int MaxCached = 200_000;
    private static readonly ThreadLocal<Transliterator> Converter = new(() => Transliterator.GetInstance("Han-Latin; Latin-ASCII"));
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The sound term of a Chinese word (<c>py:baoxiao</c>), or null for anything else.</summary>
    public static string? TermOf(string word)
    {
        if (word.Length < 2 || !word.All(Scripts.TextScript.IsHan))
        {
            return null;
        }
        if (Cache.TryGetValue(word, out var cached))
        {
            return cached;
        }
        var term = Prefix + Converter.Value!.Transliterate(word).Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        if (Cache.Count < MaxCached)
        {
            Cache[word] = term;
        }
        return term;
    }

    /// <summary>The sound terms of the Chinese words among some terms.</summary>
    public static IEnumerable<string> Terms(IEnumerable<string> terms) => terms.Select(TermOf).OfType<string>();
}
