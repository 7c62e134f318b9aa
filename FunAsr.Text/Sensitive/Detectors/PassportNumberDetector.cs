using System.Text.RegularExpressions;

namespace FunAsr.Text.Sensitive.Detectors;

/// <summary>
/// Passport-like numbers: 6 to 10 capital letters and digits with at least five digits (E12345678, 533401297, C01X00T47),
/// reported only when a passport or travel-document label introduces or follows them in the same sentence, because
/// work-order, part and serial numbers have the same shape and passports carry no check digit in speech.
/// </summary>
public sealed partial class PassportNumberDetector : ISensitiveDetector
{
    public int Priority => 5;

    public IEnumerable<SensitiveFinding> Find(ScanText text)
    {
        foreach (Match match in Candidate().Matches(text.Value))
        {
            var value = match.Value;
            var digits = value.Count(char.IsAsciiDigit);
            var letters = value.Length - digits;
            if (digits < 5 || letters > 3)
            {
                continue;
            }
            var before = NumberContext.Before(text.Value, match.Index);
            var label = before != NumberLabel.None ? before : NumberContext.After(text.Value, match.Index + match.Length);
            // "…the passport photo page, and the number is E…": a bare "number" refers back to the passport the sentence named.
            if (label == NumberLabel.Number && NumberContext.AnyBefore(text.Value, match.Index, NumberLabel.Passport))
            {
                label = NumberLabel.Passport;
            }
            if (label != NumberLabel.Passport)
            {
                continue;
            }
            yield return text.Finding(SensitiveKinds.PassportNumber, match.Index, match.Length, before == NumberLabel.Passport ? 0.85 : 0.75,
                $"{value.Length}-character document number (letters and digits) " + (before == NumberLabel.Passport ? "introduced" : "followed") + " by a passport label",
                value[0] + new string('*', value.Length - 3) + value[^2..]);
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9-])[A-Z0-9]{6,10}(?![A-Za-z0-9-])")]
    private static partial Regex Candidate();
}
