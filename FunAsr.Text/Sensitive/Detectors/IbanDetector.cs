using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace FunAsr.Text.Sensitive.Detectors;

/// <summary>
/// International bank account numbers (ISO 13616): a country code, two check digits and the national account number,
/// compact or in groups of four, at the length the IBAN registry gives the country, passing MOD 97-10.
/// </summary>
public sealed partial class IbanDetector : ISensitiveDetector
{
    // Lengths from the SWIFT IBAN registry (release 99): the countries that issue IBANs.
    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22,
        ["BI"] = 27, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DJ"] = 27,
        ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FK"] = 18, ["FO"] = 18, ["FR"] = 27,
        ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HR"] = 21, ["HU"] = 28, ["IE"] = 22,
        ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28, ["LC"] = 32,
        ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["LY"] = 25, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19,
        ["MN"] = 20, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NI"] = 28, ["NL"] = 18, ["NO"] = 15, ["OM"] = 23, ["PK"] = 24,
        ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["RU"] = 33, ["SA"] = 24, ["SC"] = 31,
        ["SD"] = 18, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["SO"] = 23, ["ST"] = 25, ["SV"] = 28, ["TL"] = 23,
        ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20, ["YE"] = 30,
    }.ToFrozenDictionary();

    public int Priority => 2;

    public IEnumerable<SensitiveFinding> Find(ScanText text)
    {
        foreach (Match match in Candidate().Matches(text.Value))
        {
            // A grouped IBAN ends at its length: a number said right after it is not part of it.
            var compact = string.Concat(match.Value.Where(c => c != ' ')).ToUpperInvariant();
            if (!Lengths.TryGetValue(compact[..2], out var length) || compact.Length < length)
            {
                continue;
            }
            var kept = KeepCharacters(match.Value, length);
            compact = compact[..length];
            if (!Checksums.PassesIbanMod97(compact))
            {
                continue;
            }
            yield return text.Finding(SensitiveKinds.Iban, match.Index, kept, 0.99,
                $"{compact[..2]} IBAN of the registry's {length} characters; MOD 97-10 check digits '{compact[2..4]}' match",
                compact[..4] + new string('*', length - 8) + compact[^4..]);
        }
    }

    /// <summary>The characters of <paramref name="value"/> (spaces included) that hold its first <paramref name="count"/> non-space characters.</summary>
    private static int KeepCharacters(string value, int count)
    {
        var seen = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != ' ' && ++seen == count)
            {
                return i + 1;
            }
        }
        return value.Length;
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])")]
    private static partial Regex Candidate();
}
