using System.Diagnostics;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Telemetry;
using Microsoft.Extensions.Options;

namespace FunAsr.QaBot.Retrieval;

/// <summary>The passages retrieved for a question, and the question's embedding when the retrieval was hybrid.</summary>
public sealed record RetrievalResult(IReadOnlyList<RetrievedPassage> Passages, float[]? QuestionVector);

/// <summary>BM25 retrieval, fused with dense retrieval by reciprocal rank (Cormack et al., SIGIR 2009) when embeddings are configured.</summary>
public sealed class PassageRetriever(PassageIndex index, DenseIndex dense, IOptions<QaBotOptions> options, QaTelemetry telemetry)
{
    /// <param name="readable">The lectures the asker may read (null: all); nothing outside it is retrieved, whatever <paramref name="lectureIds"/> asks for.</param>
    public async Task<IReadOnlyList<RetrievedPassage>> RetrieveAsync(
        string question, IReadOnlyCollection<string>? lectureIds, int top, CancellationToken cancellationToken, IReadOnlySet<string>? readable = null) =>
        (await RetrieveAsync(QuestionQuery.Parse(question), lectureIds, top, cancellationToken, readable)).Passages;

    public async Task<RetrievalResult> RetrieveAsync(
        QuestionQuery query, IReadOnlyCollection<string>? lectureIds, int top, CancellationToken cancellationToken, IReadOnlySet<string>? readable = null)
    {
        using var span = QaTelemetry.Source.StartActivity("qabot.retrieve");
        if (readable is not null)
        {
            // The asker's view of the library: the lectures asked about that they may read, or all they may read.
            lectureIds = lectureIds is { Count: > 0 } ? [.. lectureIds.Where(readable.Contains)] : readable;
            span?.SetTag("qabot.retrieval.readable_lectures", lectureIds.Count);
            if (lectureIds.Count == 0)
            {
                return new RetrievalResult([], null);
            }
        }
        var started = Stopwatch.GetTimestamp();
        var settings = options.Value.Retrieval;
        var candidates = top * 3;
        var lexical = index.Search(query.WeightedTerms, query.Grams, settings.GramBoost, lectureIds, candidates);
        span?.SetTag("qabot.retrieval.terms", query.Groups.Count);
        span?.SetTag("qabot.retrieval.bm25_hits", lexical.Count);

        var vector = await dense.EmbedQuestionAsync(query.Question, cancellationToken);
        IReadOnlyList<RetrievedPassage> result;
        if (vector is null)
        {
            result = lexical.Take(top).Select(h => new RetrievedPassage(h.Passage, h.Score, null, h.Score)).ToList();
        }
        else
        {
            var semantic = dense.Search(vector, lectureIds, candidates);
            span?.SetTag("qabot.retrieval.dense_hits", semantic.Count);
            result = Fuse(lexical, semantic, settings.RrfK).Take(top).ToList();
        }
        telemetry.RetrievalDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("hybrid", vector is not null));
        return new RetrievalResult(result, vector);
    }

    private IEnumerable<RetrievedPassage> Fuse(
        IReadOnlyList<(Passage Passage, double Score)> lexical, IReadOnlyList<(string PassageId, double Score)> semantic, int k)
    {
        var fused = new Dictionary<string, (Passage Passage, double? Bm25, double? Dense, double Score)>();
        for (var rank = 0; rank < lexical.Count; rank++)
        {
            var (passage, score) = lexical[rank];
            fused[passage.Id] = (passage, score, null, 1.0 / (k + rank + 1));
        }
        for (var rank = 0; rank < semantic.Count; rank++)
        {
            var (id, score) = semantic[rank];
            var contribution = 1.0 / (k + rank + 1);
            if (fused.TryGetValue(id, out var entry))
            {
                fused[id] = (entry.Passage, entry.Bm25, score, entry.Score + contribution);
            }
            else if (index.GetPassage(id) is { } passage)
            {
                fused[id] = (passage, null, score, contribution);
            }
        }
        return fused.Values
            .OrderByDescending(e => e.Score)
            .ThenBy(e => e.Passage.Id, StringComparer.Ordinal)
            .Select(e => new RetrievedPassage(e.Passage, e.Bm25, e.Dense, e.Score));
    }
}
