using System.Text.RegularExpressions;

namespace FunAsr.QaBot.Compliance;

/// <summary>Mainland-China mobile numbers (with or without +86), Chinese landlines with area code, and international numbers written with a + prefix or in North American form.</summary>
public sealed partial class PhoneNumberDetector : ISensitiveDetector
{
    public int Priority => 1;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (var regex in new[] { ChineseMobile(), ChineseLandline(), International(), NorthAmerican() })
        {
            foreach (Match match in regex.Matches(text))
            {
                var digits = string.Concat(match.Value.Where(char.IsAsciiDigit));
                if (digits.Length is >= 8 and <= 15)
                {
                    yield return new SensitiveMatch(AlertKinds.PhoneNumber, match.Index, match.Length, Mask(digits));
                }
            }
        }
    }

    private static string Mask(string digits) => digits.Length <= 7
        ? new string('*', digits.Length)
        : string.Concat(digits.AsSpan(0, 3), new string('*', digits.Length - 7), digits.AsSpan(digits.Length - 4));

    [GeneratedRegex(@"(?<![\d+])(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")]
    private static partial Regex ChineseMobile();

    [GeneratedRegex(@"(?<![\d-])0\d{2,3}-\d{7,8}(?![\d-])")]
    private static partial Regex ChineseLandline();

    [GeneratedRegex(@"(?<![\w+])\+(?!86)[1-9]\d{0,2}[ -]?(?:\(\d{1,4}\)[ -]?)?\d{1,4}(?:[ -]?\d{2,4}){1,4}(?!\d)")]
    private static partial Regex International();

    [GeneratedRegex(@"(?<![\d+(])\(?[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)")]
    private static partial Regex NorthAmerican();
}
