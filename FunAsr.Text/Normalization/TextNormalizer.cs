namespace FunAsr.Text.Normalization;

/// <summary>
/// The normalisation that lectures and questions both go through before analysis: full-width forms folded, Traditional
/// Chinese written as Simplified, and numbers written as digits (Chinese numerals and English number words alike).
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        var folded = WidthFolding.Fold(text);
        var simplified = ChineseScript.ToSimplified(folded);
        return EnglishNumbers.Normalize(ChineseNumerals.Normalize(simplified));
    }
}
