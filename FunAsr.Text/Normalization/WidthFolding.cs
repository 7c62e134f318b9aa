using System.Text;

namespace FunAsr.Text.Normalization;

/// <summary>
/// Full-width ASCII forms (ＡＢＣ１２３％, common in Chinese typing) to their half-width letters, digits and signs, and the
/// ideographic space to a plain one. CJK punctuation is kept: sentence splitting relies on it.
/// </summary>
public static class WidthFolding
{
    public static string Fold(string text)
    {
        if (!NeedsFolding(text))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\u3000' => ' ',
                // Full-width letters, digits and ASCII signs, except the ones that end or shape a CJK sentence.
                >= '\uFF01' and <= '\uFF5E' when !IsCjkPunctuation(c) => (char)(c - 0xFEE0),
                _ => c,
            });
        }
        return builder.ToString();
    }

    private static bool NeedsFolding(string text)
    {
        foreach (var c in text)
        {
            if (c is '\u3000' or >= '\uFF01' and <= '\uFF5E')
            {
                return true;
            }
        }
        return false;
    }

    // ！（）：，；？ are how Chinese and Japanese write these signs: folding them would change sentence splitting.
    private static bool IsCjkPunctuation(char c) => c is '！' or '？' or '，' or '；' or '：' or '（' or '）';
}
