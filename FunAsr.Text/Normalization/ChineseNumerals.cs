using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FunAsr.Text.Normalization;

/// <summary>
/// Chinese numerals to Arabic digits where they count something (三十天 → 30天, 两个月 → 2个月, 百分之二十 and 二十个点 → 20%,
/// 3万 → 30000), so a lecture and a question that write a number differently meet in the index. Words that merely contain a
/// numeral character (一起, 一般, 十分重要, 千万不要, 三五天) are left as they are.
/// </summary>
public static partial class ChineseNumerals
{
    private const string Digits = "零〇一二两三四五六七八九";

    // What a lone numeral character must be followed by to be a number: classifiers and units of measure and time.
    private static readonly string[] Classifiers =
    [
        "个", "天", "日", "号", "周", "星期", "礼拜", "月", "年", "岁", "小时", "钟头", "分钟", "秒", "次", "遍", "点", "元", "块",
        "角", "人", "位", "名", "张", "份", "项", "条", "级", "倍", "公里", "米", "公斤", "斤", "件", "台", "家", "本", "页", "道",
        "步", "轮", "届", "期", "批", "成", "门", "种", "类", "节", "课", "场", "段", "层", "楼", "克", "吨", "升", "度", "趟", "晚",
        "夜", "顿", "杯", "瓶", "双", "套", "组", "章", "部", "篇", "句", "字", "分之", "万", "千", "百", "亿",
    ];

    public static string Normalize(string text)
    {
        if (!HasNumeralOrPercent(text))
        {
            return text;
        }
        text = PercentWord().Replace(text, m => Format(ParseMixed(m.Groups["n"].Value)) + "%");
        text = ScaledDigits().Replace(text, m => Format(decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) * Scale(m.Groups["s"].Value)));
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (!IsNumeral(text[i]) || (i > 0 && IsNumeral(text[i - 1])))
            {
                builder.Append(text[i++]);
                continue;
            }
            var end = i;
            while (end < text.Length && IsNumeral(text[end]))
            {
                end++;
            }
            var run = text[i..end];
            var rest = text.AsSpan(end);
            if (IsNumber(run, rest, i > 0 ? text[i - 1] : '\0') && TryParse(run, out var value))
            {
                builder.Append(Format(value));
            }
            else
            {
                builder.Append(run);
            }
            i = end;
        }
        text = builder.ToString();
        // Spoken percentages: 20个点 and 20个百分点 are 20%; 3成 is 30% (一成不变 never reaches here: 一成 is not converted).
        text = PercentagePoints().Replace(text, "${n}%");
        text = TenthsPercent().Replace(text, m => Format(decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) * 10) + "%");
        // Halves: 一个半小时 = 1.5小时 (so 90分钟 meets it), 两天半 = 2.5天, 半个月 = 0.5个月; 上半年 and 一半 are not amounts.
        text = AndAHalf().Replace(text, m => m.Groups["n"].Value + ".5" + (m.Groups["c"].Success ? "个" + m.Groups["c"].Value : m.Groups["u"].Value));
        // Quarters of an hour: 一刻钟 = 15分钟, 三刻钟 = 45分钟.
        text = QuarterHour().Replace(text, m => TryParse(m.Groups["n"].Value, out var quarters) ? Format(15 * quarters) + "分钟" : m.Value);
        return Half().Replace(text, "0.5");
    }

    /// <summary>Value of a numeral such as 三十五, 两千零五, 一万二千, 二〇二四 (digit by digit), or Arabic digits.</summary>
    public static bool TryParse(string numeral, out decimal value)
    {
        value = 0;
        if (numeral.Length == 0)
        {
            return false;
        }
        if (decimal.TryParse(numeral, NumberStyles.Number, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        if (numeral.All(c => Digits.Contains(c)))
        {
            // Read digit by digit (years, room numbers).
            value = 0;
            foreach (var c in numeral)
            {
                value = value * 10 + DigitValue(c);
            }
            return true;
        }
        decimal total = 0, section = 0, digit = 0;
        var sawDigitOrUnit = false;
        foreach (var c in numeral)
        {
            switch (c)
            {
                case '十' or '百' or '千':
                    section += (digit == 0 ? 1 : digit) * (c == '十' ? 10 : c == '百' ? 100 : 1000);
                    digit = 0;
                    sawDigitOrUnit = true;
                    break;
                case '万':
                    total += (section + digit) * 10_000;
                    section = digit = 0;
                    break;
                case '亿':
                    total = (total + section + digit) * 100_000_000;
                    section = digit = 0;
                    break;
                default:
                    if (!Digits.Contains(c))
                    {
                        return false;
                    }
                    digit = DigitValue(c);
                    sawDigitOrUnit = true;
                    break;
            }
        }
        value = total + section + digit;
        return sawDigitOrUnit;
    }

    private static bool IsNumber(string run, ReadOnlySpan<char> rest, char before)
    {
        // 千万, 万一, 百分 start with a power of ten: idioms, not numbers.
        if (run[0] is '百' or '千' or '万' or '亿')
        {
            return false;
        }
        var hasPower = run.Any(c => c is '十' or '百' or '千' or '万' or '亿');
        if (run.Length >= 2 && !hasPower)
        {
            // 三五天, 七八个 are ranges ("three to five days"); four digits read one by one are a year or a code.
            return run.Length >= 3;
        }
        if (run.Length >= 2 || before == '第')
        {
            return !(run == "十" && rest.StartsWith("分") && !rest.StartsWith("分钟"));
        }
        if (run == "一" && (rest.StartsWith("点") || rest.StartsWith("成") || rest.StartsWith("些")))
        {
            return false; // 一点 (a little), 一成不变
        }
        if (run == "十" && rest.StartsWith("分") && !rest.StartsWith("分钟"))
        {
            return false; // 十分重要 (very)
        }
        foreach (var classifier in Classifiers)
        {
            if (rest.StartsWith(classifier))
            {
                return true;
            }
        }
        return false;
    }

    private static decimal ParseMixed(string numeral) => TryParse(numeral, out var value) ? value : 0;

    private static decimal DigitValue(char c) => c switch
    {
        '一' => 1, '二' or '两' => 2, '三' => 3, '四' => 4, '五' => 5, '六' => 6, '七' => 7, '八' => 8, '九' => 9, _ => 0,
    };

    private static decimal Scale(string suffix) => suffix switch { "万" => 10_000, "亿" => 100_000_000, "千" => 1_000, _ => 1 };

    private static bool IsNumeral(char c) => Digits.Contains(c) || c is '十' or '百' or '千' or '万' or '亿';

    private static bool HasNumeralOrPercent(string text)
    {
        foreach (var c in text)
        {
            if (IsNumeral(c) || c is '成' or '点' or '半')
            {
                return true;
            }
        }
        return false;
    }

    public static string Format(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<![\d.零〇一二两三四五六七八九十])(?<n>[一两二三1-3])刻钟")]
    private static partial Regex QuarterHour();

    [GeneratedRegex("百分之(?<n>[零〇一二两三四五六七八九十百千万\\d.]+)")]
    private static partial Regex PercentWord();

    [GeneratedRegex(@"(?<![\d.])(?<n>\d+(?:\.\d+)?)(?<s>[万亿千])(?![米克瓦])")]
    private static partial Regex ScaledDigits();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)个(?:百分)?点")]
    private static partial Regex PercentagePoints();

    [GeneratedRegex(@"(?<![\d.])(?<n>\d+)(?:个半(?<c>小时|钟头|月|星期|礼拜)|(?<u>天|年|周|小时)半)")]
    private static partial Regex AndAHalf();

    [GeneratedRegex(@"(?<![上下前后大多一\d.])半(?=个(?:小时|钟头|月|星期|礼拜)|小时|钟头|天|年)")]
    private static partial Regex Half();

    [GeneratedRegex(@"(?<![\d.])(?<n>[2-9])成(?![本员立功为])")]
    private static partial Regex TenthsPercent();
}
