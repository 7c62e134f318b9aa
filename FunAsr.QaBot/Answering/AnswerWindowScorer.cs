using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Retrieval;
using Microsoft.Extensions.Options;
using FunAsr.Text.Analysis;

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
        var statistics = index.Statistics(query.Groups.SelectMany(g => g.All.Select(a => a.Term)).Append(UnseenTerm).Distinct());
        var unseenIdf = statistics[UnseenTerm].Idf;
        // Per idea: its terms the index holds, each worth idf × the term's weight within the idea.
        var ideas = new List<Dictionary<string, double>>();
        var unknownIdeas = 0;
        foreach (var group in query.Groups)
        {
            var present = group.All
                .Where(a => statistics[a.Term].DocumentFrequency > 0)
                .GroupBy(a => a.Term)
                .ToDictionary(a => a.Key, a => a.Max(x => x.Weight) * statistics[a.Key].Idf);
            if (present.Count == 0)
            {
                unknownIdeas++;
            }
            else
            {
                ideas.Add(present);
            }
        }
        var ideaWeights = ideas.Select(i => i.Values.Max()).ToArray();
        var known = ideaWeights.Sum();
        if (known <= 0 && vector is null)
        {
            return [];
        }
        var knownShare = known > 0 ? known / (known + unseenIdf * unknownIdeas) : 0;
        var expectedUnit = query.ExpectedUnit is { } unit ? ":" + unit[Quantities.UnitPrefix.Length..] : null;

        var topFused = retrieved.Max(r => r.Fused);
        var windows = new Dictionary<(string Lecture, int First, int Last), AnswerWindow>();
        foreach (var candidate in retrieved)
        {
            var passageScore = topFused > 0 ? candidate.Fused / topFused : 0;
            var sentences = index.SentencesOf(candidate.Passage.LectureId);
            foreach (var first in candidate.Passage.Sentences)
            {
                var credit = new double[ideas.Count];
                for (var last = first.Index; last < Math.Min(sentences.Count, first.Index + MaxWindowSentences); last++)
                {
                    var matchedAny = false;
                    for (var i = 0; i < ideas.Count; i++)
                    {
                        foreach (var (term, worth) in ideas[i])
                        {
                            if (sentences[last].TermSet.Contains(term))
                            {
                                matchedAny = true;
                                credit[i] = Math.Max(credit[i], worth);
                            }
                        }
                    }
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
                    var span = sentences.Skip(first.Index).Take(last - first.Index + 1).ToArray();
                    var similarity = vector is null ? null : dense.Similarity(vector, candidate.Passage.LectureId, span);
                    var bonus = HoldsExpectedAnswer(query.Expects, expectedUnit, span) ? settings.AnswerKindBonus : 0;
                    var confidence = coverage > 0 ? Math.Min(1, coverage + bonus) * Math.Pow(knownShare, settings.UnknownTermPenalty) : 0;
                    var score = coverage + bonus + settings.PassageWeight * passageScore - settings.LengthPenalty * (span.Length - 1)
                        + settings.DenseWeight * (similarity ?? 0);
                    var key = (candidate.Passage.LectureId, first.Index, last);
                    if (!windows.TryGetValue(key, out var existing) || existing.Score < score)
                    {
                        windows[key] = new AnswerWindow(candidate.Passage, span, coverage, confidence, score, similarity);
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

    private static bool HoldsExpectedAnswer(AnswerKind kind, string? unit, IReadOnlyList<TimedSentence> span) => kind switch
    {
        AnswerKind.Quantity => span.Any(s => s.Terms.Any(t => Quantities.IsQuantity(t) && (unit is null || t.EndsWith(unit, StringComparison.Ordinal)))),
        AnswerKind.Time => span.Any(s => s.Terms.Any(t => Quantities.IsQuantity(t) || t.StartsWith("m:", StringComparison.Ordinal) || char.IsAsciiDigit(t[0]))),
        _ => false,
    };
}
