using System.Text.RegularExpressions;

namespace FunAsr.Text.Sensitive.Detectors;

/// <summary>
/// Mainland-China mobile numbers (with or without +86), Chinese landlines with area code, international numbers written
/// with a + (or 00) prefix, and North American numbers. A number an order, ticket, meeting or version label introduces
/// is not a phone number, and neither is a hotline's, helpdesk's or reception's published line.
/// </summary>
public sealed partial class PhoneNumberDetector : ISensitiveDetector
{
    public int Priority => 1;

    private static readonly (Regex Pattern, string Shape, double Confidence, int MinDigits, int MaxDigits)[] Shapes =
    [
        (ChineseMobile(), "mainland mobile number (1[3-9] and 11 digits)", 0.9, 11, 15),
        (International(), "international number with a country code", 0.9, 8, 15),
        (ChineseLandline(), "Chinese landline with an area code", 0.8, 10, 12),
        (NorthAmerican(), "North American number (area code, exchange, line)", 0.75, 10, 10),
        (NationalTrunk(), "national number with a trunk 0 and area code", 0.7, 10, 11),
    ];

    public IEnumerable<SensitiveFinding> Find(ScanText text)
    {
        var taken = new List<(int Start, int End)>();
        foreach (var (pattern, shape, confidence, minDigits, maxDigits) in Shapes)
        {
            foreach (Match match in pattern.Matches(text.Value))
            {
                var digits = string.Concat(match.Value.Where(char.IsAsciiDigit));
                if (digits.Length < minDigits || digits.Length > maxDigits || taken.Any(t => t.Start < match.Index + match.Length && match.Index < t.End))
                {
                    continue;
                }
                var label = NumberContext.Around(text.Value, match.Index, match.Index + match.Length);
                if (label is NumberLabel.Other or NumberLabel.Card or NumberLabel.Account or NumberLabel.Passport or NumberLabel.Identity)
                {
                    continue;
                }
                // A hotline's or reception's published number is not a person's data, unless it is said to be someone's mobile.
                if (NumberContext.AnyBefore(text.Value, match.Index, NumberLabel.ServiceLine)
                    && !NumberContext.AnyBefore(text.Value, match.Index, NumberLabel.Mobile))
                {
                    continue;
                }
                taken.Add((match.Index, match.Index + match.Length));
                var introduced = label is NumberLabel.Phone or NumberLabel.Mobile or NumberLabel.Number;
                yield return text.Finding(SensitiveKinds.PhoneNumber, match.Index, match.Length,
                    introduced ? Math.Min(0.99, confidence + 0.08) : confidence,
                    shape + (label == NumberLabel.Mobile ? "; introduced as a mobile" : introduced ? "; introduced as a phone number" : ""), Mask(digits));
            }
        }
    }

    private static string Mask(string digits) => digits.Length <= 7
        ? new string('*', digits.Length)
        : string.Concat(digits.AsSpan(0, 3), new string('*', digits.Length - 7), digits.AsSpan(digits.Length - 4));

    [GeneratedRegex(@"(?<![\d+]|\d[ -])(?:(?:\+|00)86[ -]?|\(\+?86\)[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")]
    private static partial Regex ChineseMobile();

    [GeneratedRegex(@"(?<![\d-]|\d[ -])(?:\(0\d{2,3}\)[ -]?|0\d{2,3}[ -])\d{7,8}(?![\d-])")]
    private static partial Regex ChineseLandline();

    [GeneratedRegex(@"(?<![A-Za-z0-9+]|\d[ -])(?:\+|00)(?!86)[1-9]\d{0,2}[ -]?(?:\(0?\d{1,4}\)[ -]?)?\d{1,4}(?:[ -]?\d{2,4}){1,4}(?!\d)")]
    private static partial Regex International();

    [GeneratedRegex(@"(?<![\d+(]|\d[ -])\(?[2-9]\d{2}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)")]
    private static partial Regex NorthAmerican();

    [GeneratedRegex(@"(?<![\d-]|\d[ -])0\d{2,4}[ -]\d{3,4}[ -]\d{3,4}(?![\d-])")]
    private static partial Regex NationalTrunk();
}
