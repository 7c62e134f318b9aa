using FunAsr.Text.Joining;
using FunAsr.Text.Scripts;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Retrieval;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// Answers without a language model: the best passages are re-ranked sentence by sentence by how much of the question's
/// term weight (BM25 idf) each sentence covers, and the best sentence is the answer, cited to its passage.
/// Below <see cref="RetrievalOptions.MinAnswerCoverage"/> the material is taken not to contain the answer.
/// </summary>
public sealed class ExtractiveAnswerer(
    PassageRetriever retriever, PassageIndex index, QuestionTerms questionTerms, IOptions<QaBotOptions> options)
{
    private const int MaxCitations = 3;

    /// <summary>How much the passage's own rank counts next to sentence coverage (breaks ties between similar sentences).</summary>
    private const double PassageWeight = 0.15;

    public async Task<AskResponse> AnswerAsync(AskRequest request, string question, CancellationToken cancellationToken)
    {
        var settings = options.Value.Retrieval;
        var retrieved = await retriever.RetrieveAsync(question, request.LectureIds, settings.TopPassages, cancellationToken);
        var ranked = RankSentences(question, retrieved);
        if (ranked.Count == 0 || ranked[0].Coverage < settings.MinAnswerCoverage)
        {
            return new AskResponse(NotFoundAnswer.For(question, request.Language), [], AnswerModes.Extractive, false);
        }
        var best = ranked[0];
        var answer = AnswerText(best);
        var citations = ranked
            .Where(r => r.Coverage >= settings.MinAnswerCoverage / 2)
            .DistinctBy(r => r.Passage.Id)
            .Take(MaxCitations)
            .Select(r => Citation.From(r.Passage, r.Score))
            .ToList();
        return new AskResponse(answer, citations, AnswerModes.Extractive, true);
    }

    public sealed record RankedSentence(Passage Passage, int SentenceIndex, double Coverage, double Score);

    public List<RankedSentence> RankSentences(string question, IReadOnlyList<RetrievedPassage> retrieved)
    {
        var terms = questionTerms.For(question).Distinct().ToList();
        if (terms.Count == 0 || retrieved.Count == 0)
        {
            return [];
        }
        var weights = terms.ToDictionary(t => t, TermWeight);
        var total = weights.Values.Sum();
        var topFused = retrieved.Max(r => r.Fused);
        var ranked = new List<RankedSentence>();
        foreach (var candidate in retrieved)
        {
            var passageScore = topFused > 0 ? candidate.Fused / topFused : 0;
            var sentences = candidate.Passage.Sentences;
            for (var i = 0; i < sentences.Count; i++)
            {
                var tokens = index.Tokens(sentences[i].Text).ToHashSet();
                var covered = weights.Where(w => tokens.Contains(w.Key)).Sum(w => w.Value);
                var coverage = covered / total;
                ranked.Add(new RankedSentence(candidate.Passage, i, coverage, coverage + PassageWeight * passageScore));
            }
        }
        // Ties broken by position so every replica, whatever order it indexed in, gives the same answer.
        ranked.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score)
            : a.Passage.LectureId != b.Passage.LectureId ? string.CompareOrdinal(a.Passage.LectureId, b.Passage.LectureId)
            : a.Passage.Ordinal != b.Passage.Ordinal ? a.Passage.Ordinal.CompareTo(b.Passage.Ordinal)
            : a.SentenceIndex.CompareTo(b.SentenceIndex));
        return ranked;
    }

    /// <summary>
    /// A term the index has never seen still counts (that is what makes off-topic questions score low), but a CJK bigram
    /// that never occurs is often just two words glued by bigramming, so it counts half.
    /// </summary>
    private double TermWeight(string term)
    {
        var idf = index.Idf(term);
        return term.Any(TextScript.IsCjk) && index.Idf(term) >= index.Idf("\u0000never") ? idf / 2 : idf;
    }

    /// <summary>The answering sentence, with the next one when it is too short to stand alone.</summary>
    private static string AnswerText(RankedSentence best)
    {
        var sentences = best.Passage.Sentences;
        var text = sentences[best.SentenceIndex].Text;
        if (TextScript.Units(text) < 10 && best.SentenceIndex + 1 < sentences.Count)
        {
            text = TextJoiner.Join([text, sentences[best.SentenceIndex + 1].Text]);
        }
        return text;
    }
}
