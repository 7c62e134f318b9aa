using System.Text;

namespace FunAsr.Text.Sensitive;

/// <summary>
/// The text detectors look at: full-width letters and digits folded to ASCII, spoken digit strings (一三八…, 幺三八…,
/// "one three eight …") written as digits, and spaces between CJK characters dropped (ASR output sometimes spaces
/// them), with a map back to the original, so that a finding's offsets always point into what was said.
/// </summary>
public sealed class ScanText
{
    // Four spoken digits in a row are a number being read out; fewer are ordinary words (一二三, "one or two").
    private const int MinSpokenDigits = 4;

    private static readonly Dictionary<string, char> EnglishDigits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = '0', ["oh"] = '0', ["one"] = '1', ["two"] = '2', ["three"] = '3', ["four"] = '4',
        ["five"] = '5', ["six"] = '6', ["seven"] = '7', ["eight"] = '8', ["nine"] = '9',
    };

    private readonly int[] _starts;
    private readonly int[] _ends;

    private ScanText(string original, string value, int[] starts, int[] ends)
    {
        Original = original;
        Value = value;
        _starts = starts;
        _ends = ends;
    }

    public string Original { get; }

    /// <summary>The normalised text the detectors' patterns run over.</summary>
    public string Value { get; }

    /// <summary>The original span behind <paramref name="length"/> normalised characters from <paramref name="start"/>.</summary>
    public (int Start, int Length) ToOriginal(int start, int length)
    {
        if (length <= 0)
        {
            return (start < _starts.Length ? _starts[start] : Original.Length, 0);
        }
        var from = _starts[start];
        return (from, _ends[start + length - 1] - from);
    }

    /// <summary>A finding at a normalised span, moved to the original's offsets.</summary>
    public SensitiveFinding Finding(string kind, int start, int length, double confidence, string reason, string masked, string? term = null)
    {
        var (from, count) = ToOriginal(start, length);
        return new SensitiveFinding(kind, from, count, confidence, reason, masked, term);
    }

    public static ScanText From(string text)
    {
        var value = new StringBuilder(text.Length);
        var starts = new List<int>(text.Length);
        var ends = new List<int>(text.Length);
        void Add(char c, int from, int to)
        {
            value.Append(c);
            starts.Add(from);
            ends.Add(to);
        }

        var i = 0;
        while (i < text.Length)
        {
            if (SpokenEnglishDigits(text, i) is { Count: > 0 } englishRun)
            {
                foreach (var (digit, from, to) in englishRun)
                {
                    Add(digit, from, to);
                }
                i = englishRun[^1].To;
                continue;
            }
            if (ChineseDigitRunLength(text, i, out var spoken) is var run && spoken >= MinSpokenDigits)
            {
                for (var k = i; k < i + run; k++)
                {
                    Add(IsChineseDigit(text[k]) ? ChineseDigit(text[k]) : text[k], k, k + 1);
                }
                i += run;
                continue;
            }
            var c = text[i];
            if (char.IsWhiteSpace(c) && value.Length > 0 && Scripts.TextScript.IsCjk(value[^1])
                && NextNonSpace(text, i) is var next and >= 0 && Scripts.TextScript.IsCjk(text[next]))
            {
                i = next;
                continue;
            }
            Add(Fold(c), i, i + 1);
            i++;
        }
        return new ScanText(text, value.ToString(), starts.ToArray(), ends.ToArray());
    }

    // Full-width ASCII (１３８, ＡＢＣ, ＠) and the ideographic space, one character for one.
    private static char Fold(char c) => c switch
    {
        '\u3000' => ' ',
        >= '\uFF10' and <= '\uFF19' or >= '\uFF21' and <= '\uFF3A' or >= '\uFF41' and <= '\uFF5A' or '\uFF20' or '\uFF0B' or '\uFF0D' or '\uFF0E' => (char)(c - 0xFEE0),
        _ => c,
    };

    private static int NextNonSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }
        return i < text.Length ? i : -1;
    }

    private static bool IsChineseDigit(char c) => c is '零' or '〇' or '一' or '二' or '三' or '四' or '五' or '六' or '七' or '八' or '九' or '幺';

    private static char ChineseDigit(char c) => c switch
    {
        '零' or '〇' => '0',
        '一' or '幺' => '1',
        '二' => '2',
        '三' => '3',
        '四' => '4',
        '五' => '5',
        '六' => '6',
        '七' => '7',
        '八' => '8',
        _ => '9',
    };

    // Digits read one by one, in groups a single space or dash apart ("一三九 零五七一 二二八六"): the run's characters, separators included.
    private static int ChineseDigitRunLength(string text, int i, out int digits)
    {
        var k = i;
        digits = 0;
        while (k < text.Length)
        {
            if (IsChineseDigit(text[k]))
            {
                digits++;
                k++;
            }
            else if (text[k] is ' ' or '-' && k > i && k + 1 < text.Length && IsChineseDigit(text[k + 1]))
            {
                k++;
            }
            else
            {
                break;
            }
        }
        return k - i;
    }

    // "one three eight one two …": digit words apart by spaces, hyphens or commas; "double five" = 55, "triple oh" = 000.
    private static List<(char Digit, int From, int To)>? SpokenEnglishDigits(string text, int i)
    {
        if (!char.IsAsciiLetter(text[i]) || (i > 0 && char.IsAsciiLetter(text[i - 1])))
        {
            return null;
        }
        var digits = new List<(char, int, int)>();
        var repeat = 1;
        var repeatFrom = -1;
        var k = i;
        while (k < text.Length)
        {
            var wordEnd = k;
            while (wordEnd < text.Length && char.IsAsciiLetter(text[wordEnd]))
            {
                wordEnd++;
            }
            var word = text.AsSpan(k, wordEnd - k);
            if (repeat == 1 && (word.Equals("double", StringComparison.OrdinalIgnoreCase) || word.Equals("triple", StringComparison.OrdinalIgnoreCase)))
            {
                repeat = word[0] is 'd' or 'D' ? 2 : 3;
                repeatFrom = k;
            }
            // "oh" is a zero only inside a number ("oh, one more thing" is not).
            else if (EnglishDigits.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out var digit) && (word.Length > 2 || digits.Count > 0 || repeat > 1))
            {
                for (var r = 0; r < repeat; r++)
                {
                    digits.Add((digit, repeat > 1 ? repeatFrom : k, wordEnd));
                }
                repeat = 1;
            }
            else
            {
                break;
            }
            var gap = wordEnd;
            while (gap < text.Length && text[gap] is ' ' or '-' or ',')
            {
                gap++;
            }
            if (gap == wordEnd || gap == text.Length || !char.IsAsciiLetter(text[gap]))
            {
                break;
            }
            k = gap;
        }
        return digits.Count >= MinSpokenDigits ? digits : null;
    }
}
