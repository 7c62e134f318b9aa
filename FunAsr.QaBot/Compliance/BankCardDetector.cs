using System.Text.RegularExpressions;

namespace FunAsr.QaBot.Compliance;

/// <summary>Payment card numbers: 13 to 19 digits, optionally grouped by spaces or dashes, passing the Luhn check (ISO/IEC 7812).</summary>
public sealed partial class BankCardDetector : ISensitiveDetector
{
    public int Priority => 2;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (Match match in Candidate().Matches(text))
        {
            var digits = string.Concat(match.Value.Where(char.IsAsciiDigit));
            if (digits.Length is >= 13 and <= 19 && PassesLuhn(digits))
            {
                yield return new SensitiveMatch(AlertKinds.BankCard, match.Index, match.Length, "**** **** **** " + digits[^4..]);
            }
        }
    }

    public static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    [GeneratedRegex(@"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])")]
    private static partial Regex Candidate();
}
