using System.Text;

namespace FunAsr.Text.Scripts;

/// <summary>
/// Script facts every service needs to treat Chinese, Japanese, Korean and Latin text alike: the one definition of
/// "CJK" (letters), of wide characters (CJK letters, their punctuation and full-width forms, set without spaces and
/// about twice as wide as a Latin letter), and of the punctuation that ends sentences and clauses.
/// </summary>
public static class TextScript
{
    /// <summary>A CJK letter: Han ideograph, kana or hangul syllable.</summary>
    public static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF'      // CJK unified ideographs
          or >= '\u3400' and <= '\u4DBF'      // extension A
          or >= '\u3040' and <= '\u30FF'      // hiragana, katakana
          or >= '\uAC00' and <= '\uD7AF'      // hangul syllables
          or >= '\uF900' and <= '\uFAFF';     // compatibility ideographs

    /// <summary>A Han ideograph (Chinese characters, also written in Japanese and Korean).</summary>
    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>Hiragana or katakana (not the katakana middle dot, which is punctuation): Japanese, not Chinese.</summary>
    public static bool IsKana(char c) => c is >= '\u3040' and <= '\u30FF' and not '\u30FB';

    /// <summary>A CJK letter or a supplementary-plane ideograph (extensions B and later).</summary>
    public static bool IsCjk(Rune rune) => rune.IsBmp ? IsCjk((char)rune.Value) : rune.Value is >= 0x20000 and <= 0x3FFFF;

    /// <summary>
    /// Written without spaces between words and set full width: CJK letters plus CJK punctuation and symbols,
    /// radicals, bopomofo, hangul jamo, and the full-width forms (ＡＢＣ，！).
    /// </summary>
    public static bool IsWide(char c) =>
        IsCjk(c)
        || c is >= '\u2E80' and <= '\u2FDF'   // radicals
          or >= '\u3000' and <= '\u303F'      // CJK symbols and punctuation (。、「」)
          or >= '\u3100' and <= '\u31FF'      // bopomofo, compatibility jamo, katakana extensions
          or >= '\u3200' and <= '\u33FF'      // enclosed and compatibility CJK
          or >= '\u1100' and <= '\u11FF'      // hangul jamo
          or >= '\uFE30' and <= '\uFE4F'      // compatibility forms
          or >= '\uFF00' and <= '\uFF60'      // full-width forms (，！？（）)
          or >= '\uFFE0' and <= '\uFFE6';

    public static bool IsWide(Rune rune) => rune.IsBmp ? IsWide((char)rune.Value) : IsCjk(rune);

    /// <summary>Ends a sentence: . ! ? … and their CJK forms (。！？).</summary>
    public static bool IsSentenceEnd(char c) => c is '.' or '!' or '?' or '…' or '。' or '！' or '？' or '｡' or '．' or '‼' or '⁇' or '⁈' or '⁉';

    /// <summary>Ends a clause inside a sentence: commas, semicolons, colons, the enumeration comma.</summary>
    public static bool IsClauseEnd(char c) => c is ',' or ';' or ':' or '，' or '、' or '；' or '：' or '﹐' or '﹑';

    /// <summary>Closes what an opening mark began: brackets and quotes, Latin and CJK.</summary>
    public static bool IsClosing(char c) => c is ')' or ']' or '}' or '”' or '’' or '»' or '›' or '」' or '』' or '】' or '〕' or '〉' or '》'
        or '）' or '］' or '｝' or '〗' or '〙' or '〛' or '〞';

    public static bool IsOpening(char c) => c is '(' or '[' or '{' or '“' or '‘' or '«' or '‹' or '「' or '『' or '【' or '〔' or '〈' or '《'
        or '（' or '［' or '｛' or '〖' or '〘' or '〚' or '〝';

    /// <summary>Punctuation that belongs to the text before it: nothing may come between them, neither a space nor a line break.</summary>
    public static bool AttachesToPrevious(char c) => IsSentenceEnd(c) || IsClauseEnd(c) || IsClosing(c) || c is '%' or '％' or '°';

    /// <summary>Size of a text in "units": one per CJK character, one per three other visible characters (about one per syllable either way).</summary>
    public static double Units(string text)
    {
        double units = 0;
        foreach (var c in text)
        {
            if (IsCjk(c))
            {
                units += 1;
            }
            else if (!char.IsWhiteSpace(c))
            {
                units += 1.0 / 3;
            }
        }
        return units;
    }

    public static int UnitCount(string text) => (int)Math.Ceiling(Units(text));

    /// <summary>"zh", "ja", "ko" or "en" from the characters a text uses; CJK wins as soon as it is a fifth of the text.</summary>
    public static string DetectLanguage(string text)
    {
        int han = 0, kana = 0, hangul = 0, latin = 0;
        foreach (var c in text)
        {
            if (c is >= '\u3040' and <= '\u30FF') kana++;
            else if (c is >= '\uAC00' and <= '\uD7AF') hangul++;
            else if (IsCjk(c)) han++;
            else if (char.IsAsciiLetter(c)) latin++;
        }
        var cjk = han + kana + hangul;
        if (cjk * 5 < cjk + latin / 3.0 || cjk == 0)
        {
            return "en";
        }
        return kana > 0 ? "ja" : hangul > han ? "ko" : "zh";
    }

    public static bool IsChineseLike(string language) => language is "zh" or "ja" or "ko" or "yue" || language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
}
