using FunAsr.QaBot.Retrieval;
using FunAsr.Text.Analysis;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// Scores every window of one to three consecutive sentences around the retrieved passages by the share of the question's
/// term weight (BM25 idf) it covers. Terms the whole index has never seen weigh nothing in coverage (they cannot be matched by
/// any answer) but lower the confidence: a question mostly about things no lecture mentions is not answered from the rest.
/// A window must start and end on a sentence that matches the question, so a citation starts where the answer is said.
/// </summary>
public sealed class AnswerWindowScorer(PassageIndex index)
{
    public const int MaxWindowSentences = 3;

    /// <summary>What each sentence beyond the first costs: a longer window wins only if it covers clearly more of the question.</summary>
    private const double LengthPenalty = 0.06;

    /// <summary>Weight of the retriever's rank of the window's passage next to coverage.</summary>
    private const double PassageWeight = 0.12;

    /// <summary>Bonus for a window that holds the kind of answer the question asks for (a quantity in the asked unit, a date).</summary>
    private const double AnswerKindBonus = 0.12;

    /// <summary>How much the question's unknown terms lower confidence: confidence = coverage × known share ^ this.</summary>
    private const double UnknownTermPenalty = 0.7;

    public List<AnswerWindow> Rank(QuestionQuery query, IReadOnlyList<RetrievedPassage> retrieved)
    {
        if (query.Terms.Count == 0 || retrieved.Count == 0)
        {
            return [];
        }
        var statistics = index.Statistics(query.Terms);
        var unseenIdf = index.Statistics(["\u0000unseen"])["\u0000unseen"].Idf;
        var weights = statistics.Where(s => s.Value.DocumentFrequency > 0).ToDictionary(s => s.Key, s => s.Value.Idf);
        var known = weights.Values.Sum();
        if (known <= 0)
        {
            return [];
        }
        var unknown = unseenIdf * statistics.Count(s => s.Value.DocumentFrequency == 0);
        var knownShare = known / (known + unknown);
        var expectedUnit = query.ExpectedUnit is { } unit ? ":" + unit[Quantities.UnitPrefix.Length..] : null;

        var topFused = retrieved.Max(r => r.Fused);
        var windows = new Dictionary<(string Lecture, int First, int Last), AnswerWindow>();
        foreach (var candidate in retrieved)
        {
            var passageScore = topFused > 0 ? candidate.Fused / topFused : 0;
            var sentences = index.SentencesOf(candidate.Passage.LectureId);
            foreach (var first in candidate.Passage.Sentences)
            {
                var matched = new HashSet<string>();
                for (var last = first.Index; last < Math.Min(sentences.Count, first.Index + MaxWindowSentences); last++)
                {
                    var sentenceMatches = sentences[last].Terms.Where(weights.ContainsKey).ToHashSet();
                    if (sentenceMatches.Count == 0)
                    {
                        if (last == first.Index)
                        {
                            break;
                        }
                        continue;
                    }
                    matched.UnionWith(sentenceMatches);
                    var coverage = matched.Sum(t => weights[t]) / known;
                    var span = sentences.Skip(first.Index).Take(last - first.Index + 1).ToArray();
                    var bonus = HoldsExpectedAnswer(query.Expects, expectedUnit, span) ? AnswerKindBonus : 0;
                    var confidence = Math.Min(1, coverage + bonus) * Math.Pow(knownShare, UnknownTermPenalty);
                    var score = coverage + bonus + PassageWeight * passageScore - LengthPenalty * (span.Length - 1);
                    var key = (candidate.Passage.LectureId, first.Index, last);
                    if (!windows.TryGetValue(key, out var existing) || existing.Score < score)
                    {
                        windows[key] = new AnswerWindow(candidate.Passage, span, coverage, confidence, score);
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
