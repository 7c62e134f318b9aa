using ICU4N.Text;

namespace FunAsr.Text.Normalization;

/// <summary>
/// Traditional Chinese to Simplified with ICU's <c>Traditional-Simplified</c> transliterator (ICU4N, the same data as ICU's
/// Hant-Hans rules), so 會議室 and 会议室 are one word to the index whichever the speaker's ASR model wrote.
/// </summary>
public static class ChineseScript
{
    // Transliterator instances keep state while they run; one per thread keeps them safe without a lock.
    private static readonly ThreadLocal<Transliterator> Converter = new(() => Transliterator.GetInstance("Traditional-Simplified"));

    /// <summary>Simplified Chinese of a text; Japanese (any kana) is left alone, its kanji are not Chinese characters to convert.</summary>
    public static string ToSimplified(string text) => HasHan(text) && !HasKana(text) ? Converter.Value!.Transliterate(text) : text;

    private static bool HasKana(string text)
    {
        foreach (var c in text)
        {
            if (Scripts.TextScript.IsKana(c))
            {
                return true;
            }
        }
        return false;
    }

    private static bool HasHan(string text)
    {
        foreach (var c in text)
        {
            if (Scripts.TextScript.IsHan(c))
            {
                return true;
            }
        }
        return false;
    }
}
