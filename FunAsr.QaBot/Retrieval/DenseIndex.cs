using System.ClientModel;
using FunAsr.QaBot.Configuration;
using Microsoft.Extensions.Options;
using OpenAI;
using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace FunAsr.QaBot.Retrieval;

/// <summary>
/// Passage embeddings from the configured OpenAI-compatible embedding endpoint (through Microsoft.Extensions.AI),
/// searched by cosine similarity. Disabled when no endpoint is configured.
/// </summary>
public sealed class DenseIndex(IServiceProvider services, IOptions<QaBotOptions> options, ILogger<DenseIndex> logger)
{
    private const int BatchSize = 64;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _generator =
        services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() ?? CreateGenerator(options.Value.Embeddings);
    private readonly ConcurrentDictionary<string, (string LectureId, float[] Vector)> _vectors = new();

    private static IEmbeddingGenerator<string, Embedding<float>>? CreateGenerator(ModelEndpointOptions settings) =>
        settings.IsConfigured
            ? new OpenAIClient(new ApiKeyCredential(settings.ApiKey ?? "none"), new OpenAIClientOptions { Endpoint = new Uri(settings.Endpoint!) })
                .GetEmbeddingClient(settings.Model)
                .AsIEmbeddingGenerator()
            : null;

    public bool Enabled => _generator is not null;

    public async Task IndexAsync(string lectureId, IReadOnlyList<Passage> passages, CancellationToken cancellationToken)
    {
        if (_generator is null)
        {
            return;
        }
        foreach (var stale in _vectors.Where(v => v.Value.LectureId == lectureId).Select(v => v.Key).ToList())
        {
            _vectors.TryRemove(stale, out _);
        }
        foreach (var batch in passages.Chunk(BatchSize))
        {
            var embeddings = await _generator.GenerateAsync(batch.Select(p => p.Text), cancellationToken: cancellationToken);
            for (var i = 0; i < batch.Length; i++)
            {
                _vectors[batch[i].Id] = (lectureId, embeddings[i].Vector.ToArray());
            }
        }
        logger.LogDebug("Embedded {Count} passages of lecture {LectureId}", passages.Count, lectureId);
    }

    public void RemoveLecture(string lectureId)
    {
        foreach (var stale in _vectors.Where(v => v.Value.LectureId == lectureId).Select(v => v.Key).ToList())
        {
            _vectors.TryRemove(stale, out _);
        }
    }

    public async Task<IReadOnlyList<(string PassageId, double Score)>> SearchAsync(
        string question, IReadOnlyCollection<string>? lectureIds, int top, CancellationToken cancellationToken)
    {
        if (_generator is null || _vectors.IsEmpty)
        {
            return [];
        }
        var query = (await _generator.GenerateAsync([question], cancellationToken: cancellationToken))[0].Vector.ToArray();
        return _vectors
            .Where(v => lectureIds is not { Count: > 0 } || lectureIds.Contains(v.Value.LectureId))
            .Where(v => v.Value.Vector.Length == query.Length)
            .Select(v => (v.Key, (double)TensorPrimitives.CosineSimilarity(query, v.Value.Vector)))
            .OrderByDescending(v => v.Item2)
            .Take(top)
            .ToList();
    }
}
