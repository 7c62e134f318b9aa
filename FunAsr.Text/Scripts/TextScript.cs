namespace FunAsr.Text.Scripts;

/// <summary>Script facts every service needs to treat Chinese, Japanese, Korean and Latin text alike.</summary>
public static class TextScript
{
    public static bool IsCjk(char c) =>
        c is >= '\u4E00' and <= '\u9FFF'      // CJK unified ideographs
          or >= '\u3400' and <= '\u4DBF'      // extension A
          or >= '\u3040' and <= '\u30FF'      // hiragana, katakana
          or >= '\uAC00' and <= '\uD7AF'      // hangul syllables
          or >= '\uF900' and <= '\uFAFF';     // compatibility ideographs

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
