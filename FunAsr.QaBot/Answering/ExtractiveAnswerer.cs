using FunAsr.Text.Joining;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Retrieval;
using FunAsr.QaBot.Telemetry;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot.Answering;

/// <summary>
/// Answers without a language model: the sentence windows around the best passages are scored by
/// <see cref="AnswerWindowScorer"/>; the best window is the answer, cited by its own start and end with the sentences around
/// it as context. Below <see cref="RetrievalOptions.MinAnswerConfidence"/> the material is taken not to contain the answer,
/// and the lectures that came closest are offered instead.
/// </summary>
public sealed class ExtractiveAnswerer(
    PassageRetriever retriever, AnswerWindowScorer scorer, IOptions<QaBotOptions> options, QaTelemetry telemetry)
{
    private const int MaxCitations = 3;
    private const int MaxSuggestions = 3;

    /// <summary>Sentences shown before and after the answer as its context.</summary>
    private const int ContextSentences = 2;

    public async Task<AskResponse> AnswerAsync(AskRequest request, string question, CancellationToken cancellationToken)
    {
        var settings = options.Value.Retrieval;
        var query = QuestionQuery.Parse(question);
        var retrieval = await retriever.RetrieveAsync(query, request.LectureIds, settings.TopPassages, cancellationToken, request.Readable, request.Speaker);
        // The best window among those that answer: with embeddings a paraphrase may answer while a window with more matching words does not.
        // A question asked in the lecture is cited by its reply (the windows were scored, and the model fitted, as they are).
        var ranked = QuestionInLecture.Answered(scorer.Rank(query, retrieval));
        var best = ranked.FindIndex(w => Answers(w, primary: true));
        if (best < 0)
        {
            var answer = NotFoundAnswer.For(question, request.Language);
            telemetry.Abstentions.Add(1, new KeyValuePair<string, object?>("language", NotFoundAnswer.LanguageOf(answer)));
            return new AskResponse(answer, [], AnswerModes.Extractive, false)
            {
                Suggestions = Suggest(retrieval.Passages),
                Confidence = ranked.Count == 0 ? 0 : Math.Round(ranked.Max(w => w.Confidence), 4),
            };
        }
        var citations = new List<AnswerWindow> { ranked[best] };
        foreach (var window in ranked)
        {
            if (citations.Count == MaxCitations)
            {
                break;
            }
            // Further citations are other places that answer nearly as well, not the neighbours already in the context.
            if (Answers(window, primary: false) && window.Confidence >= ranked[best].Confidence * 0.6
                && !citations.Any(c => c.Near(window, ContextSentences) || c.Passage.Id == window.Passage.Id))
            {
                citations.Add(window);
            }
        }
        return new AskResponse(ranked[best].Text, citations.Select(Cite).ToList(), AnswerModes.Extractive, true)
        {
            Confidence = Math.Round(ranked[best].Confidence, 4),
        };
    }

    /// <summary>
    /// Whether a window answers: enough of the question's weight covered, or, with embeddings, a meaning close enough to the
    /// question. Further citations need only half the coverage, or 90 % of the similarity.
    /// </summary>
    private bool Answers(AnswerWindow window, bool primary)
    {
        var settings = options.Value.Retrieval;
        return window.Confidence >= (settings.MinAnswerConfidence ?? AnswerModel.Shared.Threshold) * (primary ? 1 : 0.5)
            || window.Similarity >= settings.Answer.MinSimilarity * (primary ? 1 : 0.9);
    }

    private Citation Cite(AnswerWindow window)
    {
        // The lecture's sentences as scored: a replica may drop the lecture meanwhile (deleted elsewhere).
        var sentences = window.LectureSentences;
        var from = Math.Max(0, window.First - ContextSentences);
        var to = Math.Min(sentences.Count - 1, window.Last + ContextSentences);
        var context = sentences.Skip(from).Take(to - from + 1).ToList();
        return new Citation(window.Passage.Id, window.LectureId, window.Passage.LectureTitle, window.Start, window.End, window.Text,
            Math.Round(window.Confidence, 4))
        {
            Speaker = window.Passage.SpeakerLabel,
            Context = TextJoiner.Join(context.Select(s => s.Text)),
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
