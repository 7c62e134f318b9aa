using System.Globalization;
using System.Text.RegularExpressions;
using FunAsr.Text.Normalization;

namespace FunAsr.Text.Analysis;

/// <summary>
/// Numbers with their unit as one language-neutral term: "30天", "30 days" and "30日間" are all <c>q:30:day</c>, with the
/// unit alone as <c>u:day</c> (what "how many days"/几天 ask for). Durations that convert are also given in the smaller unit
/// (两个月 → <c>q:60:day</c>, "two weeks" → <c>q:14:day</c>), so a question and a lecture that count differently still meet.
/// </summary>
public static partial class Quantities
{
    public const string QuantityPrefix = "q:";
    public const string UnitPrefix = "u:";
    public const string DayPrefix = "d:";

    private static readonly Dictionary<string, string> UnitOfSurface = new(StringComparer.OrdinalIgnoreCase)
    {
        ["个工作日"] = "workday", ["工作日"] = "workday", ["working day"] = "workday", ["working days"] = "workday",
        ["business day"] = "workday", ["business days"] = "workday", ["営業日"] = "workday",
        ["天"] = "day", ["日"] = "day", ["日間"] = "day", ["day"] = "day", ["days"] = "day", ["calendar days"] = "day",
        ["周"] = "week", ["个星期"] = "week", ["星期"] = "week", ["个礼拜"] = "week", ["礼拜"] = "week", ["週間"] = "week",
        ["week"] = "week", ["weeks"] = "week", ["working week"] = "week", ["working weeks"] = "week", ["business week"] = "week", ["business weeks"] = "week",
        ["个月"] = "month", ["月"] = "month", ["ヶ月"] = "month", ["か月"] = "month", ["カ月"] = "month", ["ヵ月"] = "month", ["month"] = "month", ["months"] = "month",
        ["年"] = "year", ["year"] = "year", ["years"] = "year",
        ["个小时"] = "hour", ["小时"] = "hour", ["个钟头"] = "hour", ["钟头"] = "hour", ["時間"] = "hour", ["hour"] = "hour", ["hours"] = "hour",
        ["分钟"] = "minute", ["minute"] = "minute", ["minutes"] = "minute", ["min"] = "minute", ["mins"] = "minute",
        ["秒钟"] = "second", ["秒"] = "second", ["second"] = "second", ["seconds"] = "second",
        ["季度"] = "quarter", ["个季度"] = "quarter", ["quarter"] = "quarter", ["quarters"] = "quarter",
        ["%"] = "percent",
        ["块钱"] = "yuan", ["块"] = "yuan", ["元"] = "yuan", ["yuan"] = "yuan", ["rmb"] = "yuan", ["円"] = "yen", ["yen"] = "yen", ["日元"] = "yen",
        ["dollar"] = "dollar", ["dollars"] = "dollar", ["美元"] = "dollar", ["euro"] = "euro", ["euros"] = "euro", ["欧元"] = "euro",
        ["pound"] = "pound", ["pounds"] = "pound", ["英镑"] = "pound",
        ["次"] = "time", ["遍"] = "time", ["回"] = "time", ["times"] = "time",
        ["个人"] = "person", ["人"] = "person", ["名"] = "person", ["位"] = "person", ["people"] = "person", ["persons"] = "person",
        ["岁"] = "age", ["歳"] = "age",
    };

    // A duration in a larger unit is also that many of a smaller one (a month taken as 30 days, as HR rules usually count it;
    // a week as five working days, so "two weeks" meets "ten working days").
    private static readonly Dictionary<string, (string Unit, decimal Factor)[]> Conversions = new()
    {
        ["week"] = [("day", 7), ("workday", 5)],
        ["month"] = [("day", 30)],
        ["quarter"] = [("month", 3), ("day", 90)],
        ["year"] = [("month", 12), ("day", 365)],
        ["day"] = [("hour", 24)],
        ["hour"] = [("minute", 60)],
        ["workday"] = [("day", 1)],
    };

    // Currency signs written before the amount ($120, €500, ¥80, £40).
    private static readonly Dictionary<char, string> UnitOfSign = new() { ['$'] = "dollar", ['€'] = "euro", ['£'] = "pound", ['¥'] = "yuan" };

    private static readonly string[] MonthNames =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    /// <summary>
    /// Quantities (and months written as 3月) in order, each as groups of equivalent terms (the quantity with its conversions,
    /// then its unit); the text between them is left to word analysis.
    /// </summary>
    public static IEnumerable<(int Index, int Length, string[][] Groups)> Find(string normalized)
    {
        foreach (Match match in Quantity().Matches(normalized))
        {
            if (match.Groups["day"].Success)
            {
                // A date is its month (what "in March" also says) and its day: 12月15号, "December 15th", "15 December",
                // "by the 15th" (the month said elsewhere) all hold d:15.
                var day = int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture);
                var month = match.Groups["mon"].Success ? MonthNumber(match.Groups["mon"].Value) : 0;
                yield return (match.Index, match.Length, month is >= 1 and <= 12 ? [[$"m:{month}"], [DayPrefix + day]] : [[DayPrefix + day]]);
                continue;
            }
            if (match.Groups["every"].Success)
            {
                // 每个季度, "every month": a period of one such unit, what "三个月一次" or "once a quarter" also say.
                yield return (match.Index, match.Length, Groups(1, UnitOfSurface[match.Groups["every"].Value]));
                continue;
            }
            var number = decimal.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (match.Groups["sign"].Success)
            {
                yield return (match.Index, match.Length, Groups(number, UnitOfSign[match.Groups["sign"].Value[0]]));
                continue;
            }
            if (match.Groups["month"].Success)
            {
                yield return (match.Index, match.Length, [[number is >= 1 and <= 12 ? $"m:{number}" : ChineseNumerals.Format(number)]]);
                continue;
            }
            var unit = UnitOfSurface[Regex.Replace(match.Groups["u"].Value, @"\s+", " ")];
            if (unit == "year" && number >= 1900)
            {
                // 2024年 is a year, not a duration.
                yield return (match.Index, match.Length, [[ChineseNumerals.Format(number)]]);
                continue;
            }
            yield return (match.Index, match.Length, Groups(number, unit));
        }
    }

    /// <summary>The quantity with the same amount in smaller units, and the unit (a working day is also a day).</summary>
    public static string[][] Groups(decimal number, string unit)
    {
        var quantity = new List<string> { Term(number, unit) };
        if (Conversions.TryGetValue(unit, out var conversions))
        {
            quantity.AddRange(conversions.Select(c => Term(number * c.Factor, c.Unit)));
        }
        string[] units = unit == "workday" ? [UnitPrefix + unit, UnitPrefix + "day"] : [UnitPrefix + unit];
        return [quantity.ToArray(), units];
    }

    /// <summary>The unit term of a unit word standing alone (天, 个月, days), or null.
    /// A one-character unit stands alone only where it cannot be part of something else (日, 人, 名 are also ordinary words).</summary>
    public static string? UnitTerm(string word) =>
        UnitOfSurface.TryGetValue(word, out var unit) && (word.Length > 1 || word is "天" or "周" or "年" or "%" or "次")
            ? UnitPrefix + unit
            : null;

    /// <summary>Month names as the same term as 3月.</summary>
    public static string? MonthTerm(string lowerWord)
    {
        var index = Array.IndexOf(MonthNames, lowerWord);
        return index >= 0 && lowerWord != "may" ? $"m:{index + 1}" : null;
    }

    private static int MonthNumber(string month) =>
        char.IsAsciiDigit(month[0]) ? int.Parse(month, CultureInfo.InvariantCulture) : Array.IndexOf(MonthNames, month.ToLowerInvariant()) + 1;

    public static bool IsQuantity(string term) => term.StartsWith(QuantityPrefix, StringComparison.Ordinal);

    public static bool IsUnit(string term) => term.StartsWith(UnitPrefix, StringComparison.Ordinal);

    private static string Term(decimal number, string unit) => $"{QuantityPrefix}{ChineseNumerals.Format(number)}:{unit}";

    [GeneratedRegex(@"(?<mon>\d{1,2})\s*月\s*(?<day>\d{1,2})\s*[日号]|\b(?<mon>" + EnglishNumbers.MonthName + @")\s+(?:the\s+)?(?<day>\d{1,2})(?:st|nd|rd|th)?\b|\b(?:the\s+)?(?<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<mon>" + EnglishNumbers.MonthName + @")\b|\b(?:" + EnglishNumbers.DatePreposition + @")\s+the\s+(?<day>\d{1,2})(?:st|nd|rd|th)\b|(?<sign>[$€£¥])\s?(?<n>\d+(?:\.\d+)?)|每个?(?<every>季度|月|周|星期|年|天|小时)|\bevery\s+(?<every>quarter|month|week|year|day|hour)\b|(?<n>\d+(?:\.\d+)?)(?:\s*|-)(?:(?<month>月)|(?<u>个工作日|工作日|営業日|个小时|小时|个钟头|钟头|時間|分钟|秒钟|秒|个星期|星期|个礼拜|礼拜|週間|个季度|季度|个月|ヶ月|か月|カ月|ヵ月|周|日間|天|年|日|块钱|块|美元|欧元|英镑|日元|元|円|次|遍|回|岁|歳|个人|人|名|位|%|(?:working|business)\s+(?:days?|weeks?)\b|calendar\s+days|days?\b|weeks?\b|months?\b|quarters?\b|years?\b|hours?\b|minutes?\b|mins?\b|seconds?\b|times\b|people\b|persons\b|yuan\b|rmb\b|yen\b|dollars?\b|euros?\b|pounds?\b))", RegexOptions.IgnoreCase)]
    private static partial Regex Quantity();
}
