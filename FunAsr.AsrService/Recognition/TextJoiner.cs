using System.Globalization;

namespace FunAsr.AsrService.Recognition;

/// <summary>Joins segment texts: a space between words of spaced scripts, nothing next to CJK text.</summary>
public static class TextJoiner
{
    public static string Join(IEnumerable<string> parts)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0 && !IsUnspaced(builder[^1]) && !IsUnspaced(part[0]))
            {
                builder.Append(' ');
            }

            builder.Append(part);
        }

        return builder.ToString();
    }

    // CJK ideographs, kana, Hangul and full-width punctuation are written without spaces between words.
    private static bool IsUnspaced(char c) =>
        c >= '\u2E80' && (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OtherLetter or UnicodeCategory.OtherPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation);
}
