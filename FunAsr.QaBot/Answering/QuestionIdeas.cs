using FunAsr.QaBot.Retrieval;
using FunAsr.Text.Analysis;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// One idea of a question as the index knows it: each of its terms the index holds, with what a match is worth (the term's
/// BM25 idf × its weight within the idea, never more than the idea's own word), and which of them say it in the question's
/// own words (<see cref="Exact"/>: the word itself, the same quantity in another unit).
/// </summary>
public sealed record KnownIdea(string Term, double Weight, IReadOnlyDictionary<string, double> Worth, IReadOnlySet<string> Exact)
{
    /// <summary>What a sentence earns for this idea: its best term's worth (a translation of several words in proportion to the words it holds).</summary>
    public (double Worth, bool Exact) Credit(TimedSentence sentence)
    {
        var best = 0.0;
        var exact = false;
        foreach (var (term, worth) in Worth)
        {
            var held = Holds(sentence, term) * worth;
            if (held > best || (held == best && held > 0 && Exact.Contains(term)))
            {
                best = held;
                exact = Exact.Contains(term) && held >= worth;
            }
        }
        return (best, exact);
    }

    /// <summary>
    /// How much of a term a sentence holds: 1 when it has the term; for a Chinese word the segmenter split differently in this
    /// sentence (补训 as 补/训), 1 when the sentence's text contains it; for a translation of several words, the share it holds.
    /// </summary>
    public static double Holds(TimedSentence sentence, string term)
    {
        if (sentence.TermSet.Contains(term))
        {
            return 1;
        }
        if (Glossary.IsJoined(term))
        {
            var parts = Glossary.Parts(term);
            return (double)parts.Count(p => Holds(sentence, p) > 0) / parts.Length;
        }
        return term.Length >= 2 && term.All(FunAsr.Text.Scripts.TextScript.IsCjk) && sentence.NormalizedText.Contains(term, StringComparison.Ordinal) ? 1 : 0;
    }
}

/// <summary>
/// A question's ideas weighed against the index, once as they count in a lecture in the question's language and once in a
/// lecture in the other language (where a translation is the question's own word and counts in full).
/// </summary>
public sealed record QuestionIdeas(IReadOnlyList<KnownIdea> Ideas, double Known, double KnownShare, int Unknown)
{
    private const string UnseenTerm = "\u0000unseen";

    public static (QuestionIdeas Same, QuestionIdeas Cross) Of(QuestionQuery query, PassageIndex index)
    {
        var statistics = index.Statistics(query.Groups.SelectMany(g => g.All.SelectMany(a => Glossary.Parts(a.Term))).Append(UnseenTerm).Distinct());
        // A translation of several words is known when each word is, and is as specific as its rarest word.
        (double Idf, int DocumentFrequency) Stat(string term) => Glossary.IsJoined(term)
            ? (Glossary.Parts(term).Max(p => statistics[p].Idf), Glossary.Parts(term).Min(p => statistics[p].DocumentFrequency))
            : statistics[term];
        var unseenIdf = statistics[UnseenTerm].Idf;
        return (Build(query, Stat, unseenIdf, crossLanguage: false), Build(query, Stat, unseenIdf, crossLanguage: true));
    }

    private static QuestionIdeas Build(QuestionQuery query, Func<string, (double Idf, int DocumentFrequency)> stat, double unseenIdf, bool crossLanguage)
    {
        var ideas = new List<KnownIdea>();
        var unknown = 0;
        foreach (var group in query.Groups)
        {
            var present = group.All
                .Where(a => stat(a.Term).DocumentFrequency > 0)
                .GroupBy(a => a.Term)
                .ToDictionary(a => a.Key, a => a.Max(x => x.Translation && crossLanguage ? 1.0 : x.Weight) * stat(a.Key).Idf);
            if (present.Count == 0)
            {
                unknown++;
                continue;
            }
            // The idea weighs what the question's own word weighs where the index has it; an equivalent that happens to be
            // rarer never makes the idea heavier than that (nor a match through it worth more).
            var weight = present.TryGetValue(group.Term, out var own) ? own : present.Values.Max();
            // The question's own words: the word, the same quantity in another unit, and in a lecture in the other language its translations.
            var exact = group.All.Where(a => (a.Weight >= 1 && !a.Translation) || (a.Translation && crossLanguage)).Select(a => a.Term).Append(group.Term).ToHashSet(StringComparer.Ordinal);
            ideas.Add(new KnownIdea(group.Term, weight, present.ToDictionary(p => p.Key, p => Math.Min(p.Value, weight)), exact));
        }
        var known = ideas.Sum(i => i.Weight);
        return new QuestionIdeas(ideas, known, known > 0 ? known / (known + unseenIdf * unknown) : 0, unknown);
    }
}
