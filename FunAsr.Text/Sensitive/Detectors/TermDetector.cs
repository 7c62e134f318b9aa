using FunAsr.Text.Scripts;

namespace FunAsr.Text.Sensitive.Detectors;

/// <summary>
/// The tenant's listed customers, project code words and phrases, case-insensitively, Latin forms on word boundaries.
/// A one-word Latin alias written in lower case inside cased text is taken as the ordinary word it also is (a kestrel,
/// a beacon), not the listed name; in text with no capitals at all (some ASR output) it is reported with low confidence.
/// </summary>
public sealed class TermDetector(ISensitiveTermSource source) : ISensitiveDetector
{
    public int Priority => 6;

    public IEnumerable<SensitiveFinding> Find(ScanText text)
    {
        var list = source.Current;
        if (list.Count == 0)
        {
            return [];
        }
        var value = text.Value;
        var cased = value.Any(char.IsAsciiLetterUpper);
        var found = new List<SensitiveFinding>();
        var taken = new List<(int Start, int End)>();
        foreach (var form in list.Forms)
        {
            var from = 0;
            while (from < value.Length)
            {
                var index = IndexOfForm(value, form.Text, from, out var length);
                if (index < 0)
                {
                    break;
                }
                from = index + Math.Max(1, length);
                if (!OnWordBoundary(value, index, length) || taken.Any(t => t.Start < index + length && index < t.End))
                {
                    continue;
                }
                var (confidence, reason) = Judge(value, index, length, form, cased);
                if (confidence <= 0)
                {
                    continue;
                }
                taken.Add((index, index + length));
                found.Add(text.Finding(form.Term.Kind, index, length, confidence, reason, value.Substring(index, length), form.Term.Term));
            }
        }
        return found;
    }

    private static (double Confidence, string Reason) Judge(string text, int index, int length, TermForm form, bool cased)
    {
        var what = form.Term.Kind switch
        {
            SensitiveKinds.Customer => "listed customer",
            SensitiveKinds.Project => "listed project code word",
            _ => "listed term",
        };
        var match = form.IsAlias ? $"alias '{form.Text}' of the {what} '{form.Term.Term}'" : $"the {what} '{form.Term.Term}'";
        var isLatinWord = !form.Text.Any(TextScript.IsCjk) && !form.Text.Contains(' ');
        if (!form.IsAlias || !isLatinWord)
        {
            return (form.IsAlias ? 0.85 : 0.95, match);
        }
        var written = text.AsSpan(index, length);
        if (char.IsAsciiLetterUpper(written[0]))
        {
            // Capitalised at a sentence start it may still be the ordinary word.
            return (AtSentenceStart(text, index) ? 0.6 : 0.8, match + ", capitalised as a name");
        }
        return cased ? (0, "") : (0.45, match + ", in uncased text");
    }

    private static bool AtSentenceStart(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (!char.IsWhiteSpace(text[i]) && text[i] is not '"' and not '“' and not '\'' and not '(')
            {
                return text[i] is '.' or '!' or '?' or '。' or '！' or '？' or ':' or '：';
            }
        }
        return true;
    }

    // Blanks inside a Latin form match any run of blanks in the text ("Marlow  &  Finch").
    private static int IndexOfForm(string text, string form, int from, out int length)
    {
        if (!form.Contains(' '))
        {
            length = form.Length;
            return text.IndexOf(form, from, StringComparison.OrdinalIgnoreCase);
        }
        var words = form.Split(' ');
        while (true)
        {
            var start = text.IndexOf(words[0], from, StringComparison.OrdinalIgnoreCase);
            if (start < 0)
            {
                length = 0;
                return -1;
            }
            var cursor = start + words[0].Length;
            var ok = true;
            for (var w = 1; w < words.Length && ok; w++)
            {
                var gap = cursor;
                while (gap < text.Length && char.IsWhiteSpace(text[gap]))
                {
                    gap++;
                }
                ok = gap > cursor && string.Compare(text, gap, words[w], 0, words[w].Length, StringComparison.OrdinalIgnoreCase) == 0;
                cursor = gap + words[w].Length;
            }
            if (ok)
            {
                length = cursor - start;
                return start;
            }
            from = start + 1;
        }
    }

    private static bool OnWordBoundary(string text, int index, int length)
    {
        static bool IsLatinWordChar(char c) => char.IsAsciiLetterOrDigit(c);
        var before = index > 0 && IsLatinWordChar(text[index - 1]) && IsLatinWordChar(text[index]);
        var end = index + length;
        var after = end < text.Length && IsLatinWordChar(text[end]) && IsLatinWordChar(text[end - 1]);
        return !before && !after;
    }
}
