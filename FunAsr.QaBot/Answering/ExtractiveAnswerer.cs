using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Retrieval;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// Answers without a language model: the sentence windows around the best passages are scored by
/// <see cref="AnswerWindowScorer"/>; the best window is the answer, cited by its own start and end with the sentences around
/// it as context. Below <see cref="RetrievalOptions.MinAnswerConfidence"/> the material is taken not to contain the answer,
/// and the lectures that came closest are offered instead.
/// </summary>
public sealed class ExtractiveAnswerer(
    PassageRetriever retriever, PassageIndex index, AnswerWindowScorer scorer, IOptions<QaBotOptions> options)
{
    private const int MaxCitations = 3;
    private const int MaxSuggestions = 3;

    /// <summary>Sentences shown before and after the answer as its context.</summary>
    private const int ContextSentences = 2;

    public async Task<AskResponse> AnswerAsync(AskRequest request, string question, CancellationToken cancellationToken)
    {
        var settings = options.Value.Retrieval;
        var query = QuestionQuery.Parse(question);
        var retrieved = await retriever.RetrieveAsync(query, request.LectureIds, settings.TopPassages, cancellationToken);
        var ranked = scorer.Rank(query, retrieved);
        if (ranked.Count == 0 || ranked[0].Confidence < settings.MinAnswerConfidence)
        {
            return new AskResponse(NotFoundAnswer.For(question, request.Language), [], AnswerModes.Extractive, false)
            {
                Suggestions = Suggest(retrieved),
            };
        }
        var citations = new List<AnswerWindow>();
        foreach (var window in ranked)
        {
            if (citations.Count == MaxCitations)
            {
                break;
            }
            if (window.Confidence >= settings.MinAnswerConfidence / 2 && !citations.Any(c => c.Overlaps(window) || c.Passage.Id == window.Passage.Id))
            {
                citations.Add(window);
            }
        }
        return new AskResponse(ranked[0].Text, citations.Select(Cite).ToList(), AnswerModes.Extractive, true);
    }

    private Citation Cite(AnswerWindow window)
    {
        var sentences = index.SentencesOf(window.LectureId);
        var from = Math.Max(0, window.First - ContextSentences);
        var to = Math.Min(sentences.Count - 1, window.Last + ContextSentences);
        var context = sentences.Skip(from).Take(to - from + 1).ToList();
        return new Citation(window.Passage.Id, window.LectureId, window.Passage.LectureTitle, window.Start, window.End, window.Text,
            Math.Round(window.Confidence, 4))
        {
            Context = PassageChunker.Join(context.Select(s => s.Text)),
            ContextStart = context[0].Start,
            ContextEnd = context[^1].End,
        };
    }

    private static List<LectureSuggestion> Suggest(IReadOnlyList<RetrievedPassage> retrieved) =>
        retrieved
            .DistinctBy(r => r.Passage.LectureId)
            .Take(MaxSuggestions)
            .Select(r => new LectureSuggestion(r.Passage.LectureId, r.Passage.LectureTitle))
            .ToList();
}
