using System.Text.RegularExpressions;

namespace FunAsr.Text.Sensitive.Detectors;

/// <summary>
/// Any run of three or more digits, spaces, dots and dashes between them included (spoken digit strings count):
/// the aggressive <c>redact=numbers</c> class. It raises no alerts; it only serves redaction.
/// </summary>
public sealed partial class NumberDetector : ISensitiveDetector
{
    public int Priority => 9;

    public IEnumerable<SensitiveFinding> Find(ScanText text)
    {
        foreach (Match match in Run().Matches(text.Value))
        {
            if (match.Value.Count(char.IsAsciiDigit) >= 3)
            {
                yield return text.Finding(SensitiveKinds.Number, match.Index, match.Length, 1, "a run of digits", new string('#', match.Value.Count(char.IsAsciiDigit)));
            }
        }
    }

    [GeneratedRegex(@"\d(?:[ .,\-]?\d)*")]
    private static partial Regex Run();
}
