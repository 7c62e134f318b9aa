using System.Text.RegularExpressions;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// "What did the finance lead say about the budget?": a question that names a speaker of a diarized lecture and asks
/// what they said is answered from that speaker's words only. The name and the verb of saying are taken out of what is
/// searched (the lecture does not say "Alice said"), the rest of the question is kept.
/// </summary>
public static partial class SpeakerQuestion
{
    /// <summary>The question to search and the speaker it is about; <paramref name="speaker"/> (the request's) wins.</summary>
    public static (string Question, string? Speaker) Resolve(string question, string? speaker, IReadOnlyCollection<string> names)
    {
        if (!string.IsNullOrWhiteSpace(speaker))
        {
            var given = speaker.Trim();
            return (Find(question, given) is { } at ? Search(question, at, given.Length) : question, given);
        }
        if (!Saying().IsMatch(question))
        {
            return (question, null);
        }
        // The longest name first: "Alice Chen" before "Alice".
        foreach (var name in names.Where(n => n.Trim().Length >= 2).OrderByDescending(n => n.Length))
        {
            if (Find(question, name.Trim()) is { } at)
            {
                return (Search(question, at, name.Trim().Length), name.Trim());
            }
        }
        return (question, null);
    }

    // Where the name stands in the question as a whole word (Latin names), or anywhere (CJK names have no spaces).
    private static int? Find(string question, string name)
    {
        for (var at = question.IndexOf(name, StringComparison.OrdinalIgnoreCase); at >= 0; at = question.IndexOf(name, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = at == 0 || !char.IsAsciiLetterOrDigit(question[at - 1]) || !char.IsAsciiLetterOrDigit(name[0]);
            var end = at + name.Length;
            var after = end == question.Length || !char.IsAsciiLetterOrDigit(question[end]) || !char.IsAsciiLetterOrDigit(name[^1]);
            if (before && after)
            {
                return at;
            }
        }
        return null;
    }

    private static string Search(string question, int at, int length)
    {
        var rest = Saying().Replace(question[..at] + " " + question[(at + length)..], " ");
        rest = Possessive().Replace(rest, " ");
        var trimmed = Spaces().Replace(rest, " ").Trim();
        return trimmed.Any(char.IsLetterOrDigit) ? trimmed : question;
    }

    [GeneratedRegex(@"\b(?:says?|said|saying|mention(?:s|ed)?|think(?:s)?|thought|tell|told|talk(?:s|ed)?|propos(?:e|es|ed)|suggest(?:s|ed)?|according\s+to)\b|说|讲|提到|认为|觉得|建议|根据", RegexOptions.IgnoreCase)]
    private static partial Regex Saying();

    [GeneratedRegex(@"(?<=\s)['’]s\b")]
    private static partial Regex Possessive();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
