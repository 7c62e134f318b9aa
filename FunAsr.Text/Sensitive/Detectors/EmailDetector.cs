using System.Text.RegularExpressions;

namespace FunAsr.Text.Sensitive.Detectors;

/// <summary>E-mail addresses (the common dot-atom form of RFC 5322).</summary>
public sealed partial class EmailDetector : ISensitiveDetector
{
    public int Priority => 4;

    public IEnumerable<SensitiveFinding> Find(ScanText text)
    {
        foreach (Match match in Address().Matches(text.Value))
        {
            var value = match.Value;
            var at = value.IndexOf('@');
            yield return text.Finding(SensitiveKinds.Email, match.Index, match.Length, 0.97,
                "local part, @ and a domain with a top-level label", value[0] + "***" + value[at..]);
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9])")]
    private static partial Regex Address();
}
