using System.Text.RegularExpressions;
using FunAsr.Text.Analysis;
using FunAsr.Text.Normalization;
using FunAsr.Text.Scripts;

namespace FunAsr.QaBot.Retrieval;

/// <summary>What kind of answer a question asks for, read off its question words.</summary>
public enum AnswerKind
{
    Any,
    /// <summary>How many, how much, what share (多少, 几, 多大, いくら).</summary>
    Quantity,
    /// <summary>How long, how soon, how often (多久, 多长时间, どのくらい): a quantity of time.</summary>
    Duration,
    /// <summary>When, by when, what deadline (什么时候, 何时, 截止, いつ).</summary>
    Time,
}

/// <summary>
/// A question analysed once for search and answer scoring: its ideas as groups of equivalent terms, its character pairs and
/// the kind of answer it wants.
/// </summary>
public sealed partial record QuestionQuery(string Question, IReadOnlyList<TermGroup> Groups, IReadOnlyList<string> Grams, AnswerKind Expects)
{
    public static QuestionQuery Parse(string question) => new(
        question,
        TermAnalyzer.QuestionGroups(question),
        CharacterBigrams.Of(QuestionWords.Strip(question)).Distinct().ToList(),
        DurationQuestion().IsMatch(question) ? AnswerKind.Duration
            : QuantityQuestion().IsMatch(question) ? AnswerKind.Quantity
            : TimeQuestion().IsMatch(question) ? AnswerKind.Time
            : AnswerKind.Any);

    /// <summary>The unit the question counts in (u:day for 几天 / "how many days"), when it names one.</summary>
    public string? ExpectedUnit => Expects is AnswerKind.Quantity or AnswerKind.Duration ? Groups.Select(g => g.Term).FirstOrDefault(Quantities.IsUnit) : null;

    /// <summary>
    /// Per idea, every index term that may match it with what a match is worth (BM25 boosts; a translation's words share its
    /// weight). An idea counts its best match only, so a word with many synonyms or translations weighs no more than one without.
    /// A translation counts in full: it finds the lectures in the other language, which the question's own words cannot, and
    /// they compete with those in the question's language on equal terms.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> WeightedIdeas =>
        Groups.Select(g => (IReadOnlyDictionary<string, double>)g.All
                .SelectMany(a => Glossary.Parts(a.Term).Select(part => (Term: part, Weight: (a.Translation ? 1.0 : a.Weight) / Glossary.Parts(a.Term).Length)))
                .GroupBy(a => a.Term)
                .ToDictionary(a => a.Key, a => a.Max(x => x.Weight)))
            .ToList();

    /// <summary>The question's Chinese and Japanese characters that say what it is about (question and stop words taken out).</summary>
    public IReadOnlySet<char> Characters { get; } = TextNormalizer.Normalize(QuestionWords.Strip(Question))
        .Where(c => TextScript.IsCjk(c) && !StopWords.Contains(c.ToString()))
        .ToHashSet();

    [GeneratedRegex(@"\bhow\s+(?:many|much|long|often|quickly|soon|far|early|late|fast)\b|\bwhat\s+(?:percentage|share|proportion|amount|number|limit|maximum|minimum)\b|多少|几|多久|多长|多大|多远|多快|多早|比例|上限|下限|最多|最少|最长|最短|どのくらい|どれくらい|どのぐらい|何日|何回|何時間|何人|いくら|いくつ", RegexOptions.IgnoreCase)]
    private static partial Regex QuantityQuestion();

    [GeneratedRegex(@"\bhow\s+(?:long|soon|quickly|often|fast|early|late)\b|\bwithin\s+what\b|多久|多长时间|多长|多快|多早|多少天|几天|几个月|几周|几年|几个小时|どのくらい|どれくらい|何日|何時間", RegexOptions.IgnoreCase)]
    private static partial Regex DurationQuestion();

    [GeneratedRegex(@"\bwhen\b|\bby\s+what\s+(?:date|time|day)\b|\bwhat\s+(?:date|time|day|deadline)\b|\bdeadline\b|什么时候|何时|哪天|截止|几号|几点|いつ", RegexOptions.IgnoreCase)]
    private static partial Regex TimeQuestion();
}
