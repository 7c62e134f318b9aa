using System.Globalization;
using System.Text.RegularExpressions;

namespace FunAsr.QaBot.Compliance;

/// <summary>Mainland-China resident ID numbers (GB 11643-1999): 18 characters, a real birth date and the ISO 7064 MOD 11-2 check character.</summary>
public sealed partial class ChineseIdNumberDetector : ISensitiveDetector
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public int Priority => 0;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (Match match in Candidate().Matches(text))
        {
            if (IsValid(match.Value))
            {
                yield return new SensitiveMatch(AlertKinds.ChineseIdNumber, match.Index, match.Length, Mask(match.Value));
            }
        }
    }

    public static bool IsValid(string id)
    {
        if (id.Length != 18 || id[0] == '0')
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
            {
                return false;
            }
            sum += (id[i] - '0') * Weights[i];
        }
        if (char.ToUpperInvariant(id[17]) != CheckCharacters[sum % 11])
        {
            return false;
        }
        return DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            && birth.Year >= 1900;
    }

    private static string Mask(string id) => string.Concat(id.AsSpan(0, 3), new string('*', 11), id.AsSpan(14));

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")]
    private static partial Regex Candidate();
}
