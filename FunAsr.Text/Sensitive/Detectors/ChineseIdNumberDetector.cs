using System.Globalization;
using System.Text.RegularExpressions;

namespace FunAsr.Text.Sensitive.Detectors;

/// <summary>Mainland-China resident ID numbers (GB 11643-1999): 18 characters, a real birth date and the ISO 7064 MOD 11-2 check character.</summary>
public sealed partial class ChineseIdNumberDetector : ISensitiveDetector
{
    public int Priority => 0;

    public IEnumerable<SensitiveFinding> Find(ScanText text)
    {
        foreach (Match match in Candidate().Matches(text.Value))
        {
            var compact = string.Concat(match.Value.Where(c => c != ' ' && c != '-'));
            if (IsValid(compact))
            {
                var birth = $"{compact[6..10]}-{compact[10..12]}-{compact[12..14]}";
                yield return text.Finding(SensitiveKinds.ChineseIdNumber, match.Index, match.Length, 0.99,
                    $"18-character resident ID: MOD 11-2 check character '{compact[17]}' matches and birth date {birth} is real", Mask(compact));
            }
        }
    }

    public static bool IsValid(string id)
    {
        if (id.Length != 18 || id[0] is '0' or '9')
        {
            return false;
        }
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
            {
                return false;
            }
        }
        if (char.ToUpperInvariant(id[17]) != Checksums.Mod11_2CheckCharacter(id))
        {
            return false;
        }
        return DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            && birth.Year >= 1900;
    }

    private static string Mask(string id) => string.Concat(id.AsSpan(0, 3), new string('*', 11), id.AsSpan(14));

    // Written whole, or grouped 6-8-4 the way forms print it.
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{6}[ -]\d{8}[ -]\d{3}[\dXx])(?![0-9A-Za-z])")]
    private static partial Regex Candidate();
}
