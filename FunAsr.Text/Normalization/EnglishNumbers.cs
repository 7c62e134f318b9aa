using System.Text.RegularExpressions;

namespace FunAsr.Text.Normalization;

/// <summary>
/// English number words to digits ("thirty days" → "30 days", "twenty-five" → "25", "three" → "3", "a week" → "1 week",
/// "a 15-minute break" → "a 15-minute break", "a quarter of an hour" → "15 minutes", "a fortnight" → "2 weeks"), dates'
/// ordinals to digits ("on the twelfth", "the sixteenth of May" → "the 12th", "the 16th of May"), and "per cent"/"percent"
/// to "%", so "20 percent", "twenty per cent" and "20%" are one term. A lone "one" or "zero" that is not followed by a unit
/// ("the one", "no one") stays a word.
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
        // Fractions of an hour and fortnights before the number words, which would take their "three" and "a".
        text = QuarterHour().Replace(text, m => (m.Groups["three"].Success ? "45" : "15") + " minutes");
        text = Fortnightly().Replace(text, "every 2 weeks");
        text = Fortnight().Replace(text, "2 weeks");
        // Days of the month before the number words, which would take "twenty" of "twenty-first".
        text = MonthOrdinal().Replace(text, DayOfMonth);
        text = OrdinalOfMonth().Replace(text, DayOfMonth);
        text = OrdinalAfterPreposition().Replace(text, DayOfMonth);
        text = NumberWords().Replace(text, match =>
        {
            var words = match.Groups["n"].Value;
            var compound = words.Contains('-') || words.Contains(' ');
            if (!compound && !match.Groups["unit"].Success && words.ToLowerInvariant() is "one" or "zero")
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

    private static string DayOfMonth(Match m) =>
        TryParseOrdinal(m.Groups["ord"].Value, out var day) ? m.Groups["pre"].Value + day + Suffix(day) + m.Groups["post"].Value : m.Value;

    private static string Suffix(long day) => (day % 10, day / 10) switch
    {
        (1, not 1) => "st",
        (2, not 1) => "nd",
        (3, not 1) => "rd",
        _ => "th",
    };

    // "twelfth" → 12, "twenty-first" → 21: the day of a month, 1 to 31.
    private static bool TryParseOrdinal(string ordinal, out long day)
    {
        day = 0;
        var lower = ordinal.ToLowerInvariant();
        if (char.IsAsciiDigit(lower[0]))
        {
            return long.TryParse(lower.TrimEnd('s', 't', 'n', 'd', 'r', 'h'), out day) && day is >= 1 and <= 31;
        }
        var dash = lower.LastIndexOfAny([' ', '-']);
        var tens = dash < 0 ? 0 : Small.GetValueOrDefault(lower[..dash], -100);
        var last = lower[(dash + 1)..];
        var unit = Array.IndexOf(Ordinals, last);
        day = tens + unit + 1;
        return unit >= 0 && day is >= 1 and <= 31;
    }

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

    // Ordinals 1st to 31st ("thirtieth", "thirty-first" as tens + one of these).
    private static readonly string[] Ordinals =
    [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
        "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
    ];

    private const string Ordinal = @"(?:(?:twenty|thirty)[ -])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)|thirtieth|\d{1,2}(?:st|nd|rd|th)";
    /// <summary>Month names for patterns that read dates (here and in <see cref="Analysis.Quantities"/>); "may" only as a name:
    /// "3 may be" is no date.</summary>
    internal const string MonthName = "january|february|march|april|(?-i:May)|june|july|august|september|october|november|december";

    /// <summary>Prepositions after which "the 12th" is a day of the month.</summary>
    internal const string DatePreposition = "on|by|until|till|before|after|from|since";

    // "15-minute", "two-week": a number and its unit joined as one adjective.
    [GeneratedRegex(@"\b(?<n>(?:" + Number + @")(?:(?:[ -]|\sand\s)(?:" + Number + @"))*)\b(?<unit>(?:\s+|-)" + Unit + @"\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex NumberWords();

    // "within a week", "for an hour": one of the unit. Elsewhere "a year" is usually a rate ("30 days a year") and stays.
    [GeneratedRegex(@"(?<=\b(?:within|in|for|about|around|to|least|than|after|before|over|under|takes?|lasts?|have|get|gets|is|are)\s)(?:a|an)\s(?<unit>(?:working |business |full |whole )?(?:day|week|month|year|hour|minute))\b", RegexOptions.IgnoreCase)]
    private static partial Regex SingleUnit();

    [GeneratedRegex(@"\b(?:(?:a|one)\s+quarter|(?<three>three|3)\s+quarters)\s+of\s+an\s+hour\b", RegexOptions.IgnoreCase)]
    private static partial Regex QuarterHour();

    [GeneratedRegex(@"\b(?:every\s+(?:other\s+week|fortnight)|fortnightly)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Fortnightly();

    [GeneratedRegex(@"\b(?:(?:a|one)\s+)?fortnight\b", RegexOptions.IgnoreCase)]
    private static partial Regex Fortnight();

    // An ordinal is a day of the month next to a month's name ("May the 3rd", "the sixteenth of May"), or after a preposition
    // of time where nothing it could count follows ("by the twelfth at the latest", "on the 16th."); "the first time" stays.
    [GeneratedRegex(@"(?<pre>\b(?:" + MonthName + @")\s+(?:the\s+)?)(?<ord>" + Ordinal + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthOrdinal();

    [GeneratedRegex(@"(?<pre>\bthe\s+)(?<ord>" + Ordinal + @")(?<post>\s+of\s+(?:" + MonthName + @"))\b", RegexOptions.IgnoreCase)]
    private static partial Regex OrdinalOfMonth();

    [GeneratedRegex(@"(?<pre>\b(?:" + DatePreposition + @")\s+the\s+)(?<ord>" + Ordinal + @")(?=\s*(?:[.,;:!?)]|$|\s(?:at|in|and|or|but|so|because|then|when|if)\b))", RegexOptions.IgnoreCase)]
    private static partial Regex OrdinalAfterPreposition();

    [GeneratedRegex(@"\b(?<n>\d+|one|an?)\s+and\s+a\s+half\s+(?<unit>(?:hour|day|week|month|year|minute)s?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AndAHalf();

    [GeneratedRegex(@"\b(?:an?|one|1)\s+(?<unit>hour|day|week|month|year|minute)\s+and\s+a\s+half\b", RegexOptions.IgnoreCase)]
    private static partial Regex UnitAndAHalf();

    [GeneratedRegex(@"\bhalf\s+(?:an?\s+)?(?<unit>hour|day|week|month|year)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HalfUnit();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)\s*(?:per ?cent|percent)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Percent();
}
