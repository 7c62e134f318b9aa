using FunAsr.Text.Normalization;

namespace FunAsr.Text.Analysis;

/// <summary>
/// Overlapping character pairs of every CJK run (as Lucene's CJKBigramFilter makes them), a lone character as itself:
/// the secondary index field that still matches where word segmentation split a rare name or an ASR misspelling differently.
/// </summary>
public static class CharacterBigrams
{
    public static List<string> Of(string text)
    {
        var normalized = ChineseScript.ToSimplified(WidthFolding.Fold(text));
        var grams = new List<string>();
        var runStart = -1;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var inRun = i < normalized.Length && Scripts.TextScript.IsCjk(normalized[i]);
            if (inRun && runStart < 0)
            {
                runStart = i;
            }
            else if (!inRun && runStart >= 0)
            {
                if (i - runStart == 1)
                {
                    grams.Add(normalized[runStart].ToString());
                }
                for (var j = runStart; j + 1 < i; j++)
                {
                    grams.Add(normalized.Substring(j, 2));
                }
                runStart = -1;
            }
        }
        return grams;
    }
}
