using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Retrieval;
using Microsoft.Extensions.Options;
using FunAsr.Text.Analysis;
using FunAsr.Text.Scripts;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// Scores every window of one to three consecutive sentences around the retrieved passages: each idea of the question (a
/// <see cref="KnownIdea"/>: a word with its equivalents, weighed by idf) is covered by the window's best matching term, and the
/// window's <see cref="WindowFeatures"/> go through the fitted <see cref="AnswerModel"/> — a ranking score for the window,
/// then, with its lead over the best window elsewhere, the chance that it answers the question (what abstention compares).
/// Ideas the whole index has never seen weigh nothing in coverage but lower that chance. Without embeddings a window starts
/// and ends on sentences that match the question, so a citation starts where the answer is said.
/// </summary>
public sealed class AnswerWindowScorer(PassageIndex index, DenseIndex dense, IOptions<QaBotOptions> options)
{
    public const int MaxWindowSentences = 3;

    private static readonly string[] TimeUnits = [":day", ":week", ":month", ":quarter", ":year", ":hour", ":minute", ":second", ":workday"];

    public List<AnswerWindow> Rank(QuestionQuery query, RetrievalResult retrieval)
    {
        var model = AnswerModel.Shared;
        var retrieved = retrieval.Passages;
        var vector = retrieval.QuestionVector;
        if (query.Groups.Count == 0 || retrieved.Count == 0)
        {
            return [];
        }
        var (same, cross) = QuestionIdeas.Of(query, index);
        if (same.Known <= 0 && cross.Known <= 0 && vector is null)
        {
            return [];
        }
        var questionLanguage = TextScript.DetectLanguage(query.Question);
        var expectedUnit = query.ExpectedUnit is { } unit ? ":" + unit[Quantities.UnitPrefix.Length..] : null;
        var characters = query.Characters;

        var topFused = retrieved.Max(r => r.Fused);
        var windows = new Dictionary<(string Lecture, int First, int Last), AnswerWindow>();
        foreach (var candidate in retrieved)
        {
            var otherLanguage = !SameLanguage(questionLanguage, candidate.Passage.Language);
            var ideas = otherLanguage ? cross : same;
            if (ideas.Known <= 0 && vector is null)
            {
                continue;
            }
            var passageScore = topFused > 0 ? candidate.Fused / topFused : 0;
            var sentences = index.SentencesOf(candidate.Passage.LectureId);
            foreach (var first in candidate.Passage.Sentences)
            {
                var credit = new double[ideas.Ideas.Count];
                var exact = new double[ideas.Ideas.Count];
                var bestSentence = 0.0;
                for (var last = first.Index; last < Math.Min(sentences.Count, first.Index + MaxWindowSentences); last++)
                {
                    // An answer is one person's words: a window ends where a diarized lecture's speaker changes.
                    if (sentences[last].Speaker != first.Speaker)
                    {
                        break;
                    }
                    var own = 0.0;
                    for (var i = 0; i < ideas.Ideas.Count; i++)
                    {
                        var (worth, isExact) = ideas.Ideas[i].Credit(sentences[last]);
                        credit[i] = Math.Max(credit[i], worth);
                        exact[i] = Math.Max(exact[i], isExact ? worth : 0);
                        own += worth;
                    }
                    bestSentence = Math.Max(bestSentence, own);
                    // Without embeddings a window must start and end on a sentence that matches; with them, meaning may stand in.
                    if (own <= 0 && vector is null)
                    {
                        if (last == first.Index)
                        {
                            break;
                        }
                        continue;
                    }
                    var span = sentences.Skip(first.Index).Take(last - first.Index + 1).ToArray();
                    var features = Features(query, ideas, span, credit, exact, bestSentence, characters, expectedUnit,
                        passageScore, candidate == retrieved[0], otherLanguage);
                    var similarity = vector is null ? null : dense.Similarity(vector, candidate.Passage.LectureId, span);
                    var score = model.Score(features) + options.Value.Retrieval.Answer.DenseWeight * (similarity ?? 0);
                    var key = (candidate.Passage.LectureId, first.Index, last);
                    if (!windows.TryGetValue(key, out var existing) || existing.Score < score)
                    {
                        windows[key] = new AnswerWindow(candidate.Passage, span, features[0], 0, score, similarity)
                        {
                            LectureSentences = sentences,
                            Features = features,
                            Ideas = ideas,
                        };
                    }
                }
            }
        }
        // Ties broken by position so every replica, whatever order it indexed in, gives the same answer.
        var ranked = windows.Values
            .OrderByDescending(w => w.Score)
            .ThenBy(w => w.LectureId, StringComparer.Ordinal)
            .ThenBy(w => w.First)
            .ThenBy(w => w.Last)
            .ToList();
        return DefinitionQuestion.Promote(DefinitionQuestion.SubjectOf(query.Question), ranked.Select(w => w with { Confidence = model.Confidence(AnswerFeatures(w, ranked)) }).ToList());
    }

    /// <summary>The window's features for <see cref="AnswerModel.Confidence"/>: what it scored, and by how much it leads elsewhere.</summary>
    public static double[] AnswerFeatures(AnswerWindow window, IReadOnlyList<AnswerWindow> ranked)
    {
        var other = ranked.FirstOrDefault(w => !w.Near(window, 0));
        var margin = other is null ? 3 : Math.Min(3, window.Score - other.Score);
        var f = window.Features;
        return
        [
            window.Score, margin, window.Ideas.KnownShare, window.Ideas.Unknown,
            f[Array.IndexOf(WindowFeatures.Window, "coverage")],
            f[Array.IndexOf(WindowFeatures.Window, "focus")],
            f[Array.IndexOf(WindowFeatures.Window, "rarest")],
            f[Array.IndexOf(WindowFeatures.Window, "missing")],
            f[Array.IndexOf(WindowFeatures.Window, "kind_missing")],
        ];
    }

    private static double[] Features(
        QuestionQuery query, QuestionIdeas ideas, IReadOnlyList<TimedSentence> span, double[] credit, double[] exact, double bestSentence,
        IReadOnlySet<char> characters, string? expectedUnit, double passageScore, bool topPassage, bool otherLanguage)
    {
        var known = ideas.Known;
        var covered = 0;
        var rarest = -1;
        var missing = 0.0;
        int numbers = 0, numbersHeld = 0;
        for (var i = 0; i < credit.Length; i++)
        {
            covered += credit[i] > 0 ? 1 : 0;
            missing = Math.Max(missing, credit[i] > 0 ? 0 : ideas.Ideas[i].Weight);
            if (rarest < 0 || ideas.Ideas[i].Weight > ideas.Ideas[rarest].Weight)
            {
                rarest = i;
            }
            if (IsNumber(ideas.Ideas[i].Term))
            {
                numbers++;
                numbersHeld += credit[i] > 0 ? 1 : 0;
            }
        }
        var text = string.Concat(span.Select(s => s.NormalizedText));
        var sharedCharacters = characters.Count == 0 ? 0 : (double)characters.Count(text.Contains) / characters.Count;
        return
        [
            known > 0 ? credit.Sum() / known : 0,
            known > 0 ? exact.Sum() / known : 0,
            known > 0 ? bestSentence / known : 0,
            credit.Length > 0 ? (double)covered / credit.Length : 0,
            rarest >= 0 ? credit[rarest] / ideas.Ideas[rarest].Weight : 0,
            known > 0 ? missing / known : 0,
            sharedCharacters,
            passageScore,
            topPassage ? 1 : 0,
            otherLanguage ? 1 : 0,
            span.Count - 1,
            HoldsExpectedAnswer(query.Expects, expectedUnit, span) ? 1 : 0,
            HoldsAnswerKind(query.Expects, span) ? 0 : 1,
            numbers > 0 ? (double)numbersHeld / numbers : 0,
            numbers > 0 && numbersHeld == 0 ? 1 : 0,
        ];
    }

    private static bool IsNumber(string term) => Quantities.IsQuantity(term) || char.IsAsciiDigit(term[0]);

    private static bool SameLanguage(string a, string b) =>
        a == b || (TextScript.IsChineseLike(a) && TextScript.IsChineseLike(b) && a != "ja" && b != "ja");

    private static bool HoldsAnswerKind(AnswerKind kind, IReadOnlyList<TimedSentence> span) => kind switch
    {
        AnswerKind.Quantity => span.Any(s => s.Terms.Any(IsNumber)),
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
