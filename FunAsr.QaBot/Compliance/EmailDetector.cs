using System.Text.RegularExpressions;

namespace FunAsr.QaBot.Compliance;

/// <summary>E-mail addresses (the common dot-atom form of RFC 5322).</summary>
public sealed partial class EmailDetector : ISensitiveDetector
{
    public int Priority => 3;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (Match match in Address().Matches(text))
        {
            var at = match.Value.IndexOf('@');
            yield return new SensitiveMatch(AlertKinds.Email, match.Index, match.Length, match.Value[0] + "***" + match.Value[at..]);
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex Address();
}
