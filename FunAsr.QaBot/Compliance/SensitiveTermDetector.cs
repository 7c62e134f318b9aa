using FunAsr.QaBot.Configuration;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot.Compliance;

/// <summary>The configured lexicon (<c>QaBot:Compliance:SensitiveTerms</c>), matched case-insensitively; Latin terms only on word boundaries.</summary>
public sealed class SensitiveTermDetector(IOptions<QaBotOptions> options) : ISensitiveDetector
{
    public int Priority => 4;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (var term in options.Value.Compliance.SensitiveTerms)
        {
            var from = 0;
            while (from < text.Length)
            {
                var index = text.IndexOf(term, from, StringComparison.OrdinalIgnoreCase);
                if (index < 0)
                {
                    break;
                }
                if (OnWordBoundary(text, index, term.Length))
                {
                    yield return new SensitiveMatch(AlertKinds.SensitiveTerm, index, term.Length, text.Substring(index, term.Length), term);
                }
                from = index + term.Length;
            }
        }
    }

    private static bool OnWordBoundary(string text, int index, int length)
    {
        static bool IsLatinWordChar(char c) => char.IsAsciiLetterOrDigit(c);
        var before = index > 0 && IsLatinWordChar(text[index - 1]) && IsLatinWordChar(text[index]);
        var end = index + length;
        var after = end < text.Length && IsLatinWordChar(text[end]) && IsLatinWordChar(text[end - 1]);
        return !before && !after;
    }
}
