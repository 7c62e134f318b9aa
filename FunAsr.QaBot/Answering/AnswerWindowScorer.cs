using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Retrieval;
using Microsoft.Extensions.Options;
using FunAsr.Text.Analysis;
using FunAsr.Text.Scripts;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// Scores every window of one to three consecutive sentences around the retrieved passages by the share of the question's
/// weight it covers: each idea of the question (a <see cref="TermGroup"/>: a word with its synonyms, a quantity with its
/// conversions) weighs its best term's BM25 idf, and a window covers it with its best matching term. Ideas the whole index has
/// never seen weigh nothing in coverage (no answer can match them) but lower the confidence: a question mostly about things
/// no lecture mentions is not answered from the rest. A window starts and ends on sentences that match the question, so a
/// citation starts where the answer is said.
/// </summary>
public sealed class AnswerWindowScorer(PassageIndex index, DenseIndex dense, IOptions<QaBotOptions> options)
{
    public const int MaxWindowSentences = 3;
    private const string UnseenTerm = "\u0000unseen";

    public List<AnswerWindow> Rank(QuestionQuery query, RetrievalResult retrieval)
    {
        var settings = options.Value.Retrieval.Answer;
        var retrieved = retrieval.Passages;
        var vector = retrieval.QuestionVector;
        if (query.Groups.Count == 0 || retrieved.Count == 0)
        {
            return [];
        }
        var statistics = index.Statistics(query.Groups.SelectMany(g => g.All.SelectMany(a => Glossary.Parts(a.Term))).Append(UnseenTerm).Distinct());
        // A translation of several words is known when each word is, and is as specific as its rarest word.
        (double Idf, int DocumentFrequency) Stat(string term) => Glossary.IsJoined(term)
            ? (Glossary.Parts(term).Max(p => statistics[p].Idf), Glossary.Parts(term).Min(p => statistics[p].DocumentFrequency))
            : statistics[term];
        // Per idea: its terms the index holds, each worth idf × the term's weight within the idea, once as weighed in a lecture
        // in the question's language and once in a lecture in the other language (where translations count in full).
        var same = Ideas(query, Stat, crossLanguage: false);
        var cross = Ideas(query, Stat, crossLanguage: true);
        if (same.Known <= 0 && cross.Known <= 0 && vector is null)
        {
            return [];
        }
        var questionLanguage = TextScript.DetectLanguage(query.Question);
        var expectedUnit = query.ExpectedUnit is { } unit ? ":" + unit[Quantities.UnitPrefix.Length..] : null;

        var topFused = retrieved.Max(r => r.Fused);
        var windows = new Dictionary<(string Lecture, int First, int Last), AnswerWindow>();
        foreach (var candidate in retrieved)
        {
            var (ideas, known, knownShare) = SameLanguage(questionLanguage, candidate.Passage.Language) ? same : cross;
            var passageScore = topFused > 0 ? candidate.Fused / topFused : 0;
            var sentences = index.SentencesOf(candidate.Passage.LectureId);
            foreach (var first in candidate.Passage.Sentences)
            {
                var credit = new double[ideas.Count];
                var bestSentence = 0.0;
                for (var last = first.Index; last < Math.Min(sentences.Count, first.Index + MaxWindowSentences); last++)
                {
                    // An answer is one person's words: a window ends where a diarized lecture's speaker changes.
                    if (sentences[last].Speaker != first.Speaker)
                    {
                        break;
                    }
                    var matchedAny = false;
                    var own = 0.0;
                    for (var i = 0; i < ideas.Count; i++)
                    {
                        var best = 0.0;
                        foreach (var (term, worth) in ideas[i])
                        {
                            if (Holds(sentences[last], term))
                            {
                                matchedAny = true;
                                best = Math.Max(best, worth);
                            }
                        }
                        credit[i] = Math.Max(credit[i], best);
                        own += best;
                    }
                    bestSentence = Math.Max(bestSentence, own);
                    // Without embeddings a window must start and end on a sentence that matches; with them, meaning may stand in.
                    if (!matchedAny && vector is null)
                    {
                        if (last == first.Index)
                        {
                            break;
                        }
                        continue;
                    }
                    var coverage = known > 0 ? credit.Sum() / known : 0;
                    // Ideas met only in a neighbour of the window's best sentence count for less in confidence: words gathered
                    // from adjacent sentences often answer a question the lecture never asked.
                    var focused = known > 0 ? (bestSentence + settings.NeighbourShare * (credit.Sum() - bestSentence)) / known : 0;
                    var span = sentences.Skip(first.Index).Take(last - first.Index + 1).ToArray();
                    var similarity = vector is null ? null : dense.Similarity(vector, candidate.Passage.LectureId, span);
                    var bonus = HoldsExpectedAnswer(query.Expects, expectedUnit, span) ? settings.AnswerKindBonus : 0;
                    var confidence = focused > 0 ? Math.Min(1, focused + bonus) * Math.Pow(knownShare, settings.UnknownTermPenalty) : 0;
                    // "How long/how many" answered by a sentence with no number (of time) in it is the topic, not the answer.
                    if (!HoldsAnswerKind(query.Expects, span))
                    {
                        confidence *= settings.MissingAnswerKindFactor;
                    }
                    var score = coverage + bonus + settings.PassageWeight * passageScore - settings.LengthPenalty * (span.Length - 1)
                        + settings.DenseWeight * (similarity ?? 0);
                    var key = (candidate.Passage.LectureId, first.Index, last);
                    if (!windows.TryGetValue(key, out var existing) || existing.Score < score)
                    {
                        windows[key] = new AnswerWindow(candidate.Passage, span, coverage, confidence, score, similarity) { LectureSentences = sentences };
                    }
                }
            }
        }
        // Ties broken by position so every replica, whatever order it indexed in, gives the same answer.
        return windows.Values
            .OrderByDescending(w => w.Score)
            .ThenBy(w => w.LectureId, StringComparer.Ordinal)
            .ThenBy(w => w.First)
            .ThenBy(w => w.Last)
            .ToList();
    }

    private static (List<Dictionary<string, double>> Ideas, double Known, double KnownShare) Ideas(
        QuestionQuery query, Func<string, (double Idf, int DocumentFrequency)> stat, bool crossLanguage)
    {
        var ideas = new List<Dictionary<string, double>>();
        var weights = new List<double>();
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
            ideas.Add(present.ToDictionary(p => p.Key, p => Math.Min(p.Value, weight)));
            weights.Add(weight);
        }
        var known = weights.Sum();
        var unseenIdf = stat(UnseenTerm).Idf;
        return (ideas, known, known > 0 ? known / (known + unseenIdf * unknown) : 0);
    }

    private static bool SameLanguage(string a, string b) =>
        a == b || (TextScript.IsChineseLike(a) && TextScript.IsChineseLike(b) && a != "ja" && b != "ja");

    private static bool Holds(TimedSentence sentence, string term) =>
        Glossary.IsJoined(term) ? Glossary.Parts(term).All(sentence.TermSet.Contains) : sentence.TermSet.Contains(term);

    private static readonly string[] TimeUnits = [":day", ":week", ":month", ":year", ":hour", ":minute", ":second", ":workday"];

    private static bool HoldsAnswerKind(AnswerKind kind, IReadOnlyList<TimedSentence> span) => kind switch
    {
        AnswerKind.Quantity => span.Any(s => s.Terms.Any(t => Quantities.IsQuantity(t) || char.IsAsciiDigit(t[0]))),
        AnswerKind.Duration => span.Any(s => s.Terms.Any(t => Quantities.IsQuantity(t) && TimeUnits.Any(u => t.EndsWith(u, StringComparison.Ordinal)))),
        _ => true,
    };

    private static bool HoldsExpectedAnswer(AnswerKind kind, string? unit, IReadOnlyList<TimedSentence> span) => kind switch
    {
        AnswerKind.Quantity or AnswerKind.Duration =>
            span.Any(s => s.Terms.Any(t => Quantities.IsQuantity(t) && (unit is null || t.EndsWith(unit, StringComparison.Ordinal)))),
        AnswerKind.Time => span.Any(s => s.Terms.Any(t => Quantities.IsQuantity(t) || t.StartsWith("m:", StringComparison.Ordinal) || char.IsAsciiDigit(t[0]))),
        _ => false,
    };
}
