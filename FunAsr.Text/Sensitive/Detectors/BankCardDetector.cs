using System.Text.RegularExpressions;

namespace FunAsr.Text.Sensitive.Detectors;

/// <summary>
/// Payment card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, starting with a card network's
/// issuer prefix at a length that network issues (ISO/IEC 7812), and passing the Luhn check.
/// </summary>
public sealed partial class BankCardDetector : ISensitiveDetector
{
    public int Priority => 3;

    public IEnumerable<SensitiveFinding> Find(ScanText text)
    {
        foreach (Match match in Candidate().Matches(text.Value))
        {
            var digits = string.Concat(match.Value.Where(char.IsAsciiDigit));
            if (digits.Length is < 13 or > 19 || !Checksums.PassesLuhn(digits) || Network(digits) is not { } network)
            {
                continue;
            }
            var label = NumberContext.Around(text.Value, match.Index, match.Index + match.Length);
            if (label is NumberLabel.Other or NumberLabel.Phone)
            {
                continue;
            }
            var confidence = label == NumberLabel.Card ? 0.98 : 0.9;
            yield return text.Finding(SensitiveKinds.BankCard, match.Index, match.Length, confidence,
                $"{digits.Length} digits with a {network} issuer prefix; Luhn check passes" + (label == NumberLabel.Card ? "; introduced as a card" : ""),
                "**** **** **** " + digits[^4..]);
        }
    }

    public static bool PassesLuhn(ReadOnlySpan<char> digits) => Checksums.PassesLuhn(digits);

    /// <summary>The network whose issuer prefixes and lengths the number fits, or null.</summary>
    public static string? Network(string d)
    {
        int Prefix(int n) => int.Parse(d.AsSpan(0, n), provider: System.Globalization.CultureInfo.InvariantCulture);
        return d.Length switch
        {
            _ when d[0] == '4' && d.Length is 13 or 16 or 19 => "Visa",
            16 when Prefix(2) is >= 51 and <= 55 || Prefix(4) is >= 2221 and <= 2720 => "Mastercard",
            15 when Prefix(2) is 34 or 37 => "American Express",
            >= 16 and <= 19 when Prefix(2) == 62 => "UnionPay",
            >= 16 and <= 19 when Prefix(4) == 6011 || Prefix(2) == 65 || Prefix(3) is >= 644 and <= 649 => "Discover",
            >= 16 and <= 19 when Prefix(4) is >= 3528 and <= 3589 => "JCB",
            14 when Prefix(2) is 36 or 38 or 39 || Prefix(3) is >= 300 and <= 305 => "Diners Club",
            >= 12 and <= 19 when Prefix(4) is 5018 or 5020 or 5038 or 5893 or 6304 or 6759 or 6761 or 6762 or 6763 => "Maestro",
            >= 16 and <= 19 when Prefix(4) is >= 2200 and <= 2204 => "Mir",
            _ => null,
        };
    }

    [GeneratedRegex(@"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])")]
    private static partial Regex Candidate();
}
