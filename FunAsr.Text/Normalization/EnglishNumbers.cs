using System.Text.RegularExpressions;

namespace FunAsr.Text.Normalization;

/// <summary>
/// English number words to digits where they count something ("thirty days" → "30 days", "twenty-five" → "25",
/// "a week" → "1 week"), and "per cent"/"percent" to "%", so "20 percent", "twenty per cent" and "20%" are one term.
/// A lone "one" that is not followed by a unit ("the one", "no one") stays a word.
/// </summary>
public static partial class EnglishNumbers
{
    private static readonly Dictionary<string, int> Small = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19,
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    public static string Normalize(string text)
    {
        if (!HasAsciiLetter(text))
        {
            return text;
        }
        text = NumberWords().Replace(text, match =>
        {
            var words = match.Groups["n"].Value;
            var compound = words.Contains('-') || words.Contains(' ');
            if (!compound && !match.Groups["unit"].Success)
            {
                return match.Value;
            }
            return TryParse(words, out var value) ? value + match.Value[match.Groups["n"].Length..] : match.Value;
        });
        // Halves: "one and a half hours", "an hour and a half" = 1.5 hours; "half a day" = 0.5 day.
        text = AndAHalf().Replace(text, m => (char.IsAsciiDigit(m.Groups["n"].Value[0]) ? m.Groups["n"].Value : "1") + ".5 " + m.Groups["unit"].Value);
        text = UnitAndAHalf().Replace(text, "1.5 ${unit}s");
        text = HalfUnit().Replace(text, "0.5 ${unit}");
        text = SingleUnit().Replace(text, "1 ${unit}");
        return Percent().Replace(text, "${n}%");
    }

    /// <summary>Number words alone ("five", "twenty-one") as a value, for answers that are only a number.</summary>
    public static bool TryParseWords(string words, out long value) => TryParse(words.Trim(), out value) && words.Any(char.IsLetter);

    private static bool TryParse(string words, out long value)
    {
        value = 0;
        long current = 0;
        foreach (var word in words.ToLowerInvariant().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word == "and")
            {
                continue;
            }
            if (Small.TryGetValue(word, out var small))
            {
                current += small;
            }
            else if (word == "hundred")
            {
                current = Math.Max(current, 1) * 100;
            }
            else if (word == "thousand")
            {
                value += Math.Max(current, 1) * 1000;
                current = 0;
            }
            else
            {
                return false;
            }
        }
        value += current;
        return true;
    }

    private static bool HasAsciiLetter(string text)
    {
        foreach (var c in text)
        {
            if (char.IsAsciiLetter(c))
            {
                return true;
            }
        }
        return false;
    }

    private const string Number = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand";
    private const string Unit = "(?:working |business |calendar |full |whole )?(?:days?|weeks?|months?|years?|hours?|minutes?|mins?|seconds?|per ?cent|%|times|people|persons|employees|dollars?|euros?|yuan|pounds?|points?|nights?|sessions?|steps?|items?|characters?|digits?|attempts?|copies|pages?|levels?)";

    [GeneratedRegex(@"\b(?<n>(?:" + Number + @")(?:(?:[ -]|\sand\s)(?:" + Number + @"))*)\b(?<unit>\s+" + Unit + @"\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex NumberWords();

    // "within a week", "for an hour": one of the unit. Elsewhere "a year" is usually a rate ("30 days a year") and stays.
    [GeneratedRegex(@"(?<=\b(?:within|in|for|about|around|to|least|than|after|before|over|under|takes?|lasts?)\s)(?:a|an)\s(?<unit>day|week|month|year|hour|minute|fortnight)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SingleUnit();

    [GeneratedRegex(@"\b(?<n>\d+|one|an?)\s+and\s+a\s+half\s+(?<unit>(?:hour|day|week|month|year|minute)s?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AndAHalf();

    [GeneratedRegex(@"\b(?:an?|one|1)\s+(?<unit>hour|day|week|month|year|minute)\s+and\s+a\s+half\b", RegexOptions.IgnoreCase)]
    private static partial Regex UnitAndAHalf();

    [GeneratedRegex(@"\bhalf\s+(?:an?\s+)?(?<unit>hour|day|week|month|year)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HalfUnit();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)\s*(?:per ?cent|percent)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Percent();
}
