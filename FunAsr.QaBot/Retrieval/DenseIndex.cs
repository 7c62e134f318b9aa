using System.ClientModel;
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using FunAsr.QaBot.Configuration;
using FunAsr.QaBot.Storage;
using FunAsr.QaBot.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using StackExchange.Redis;

namespace FunAsr.QaBot.Retrieval;

/// <summary>
/// Sentence embeddings from the configured OpenAI-compatible <c>/v1/embeddings</c> endpoint (through Microsoft.Extensions.AI),
/// kept in Redis (<c>qa:embeddings:{lectureId}</c>, one field per model and sentence text) so a restart or another replica
/// reuses them instead of asking the model again. A passage's vector is the normalised sum of its sentences'; an answer
/// window's likewise. Disabled when no endpoint is configured.
/// </summary>
public sealed class DenseIndex(
    IServiceProvider services, IConnectionMultiplexer redis, IOptions<QaBotOptions> options, QaTelemetry telemetry, ILogger<DenseIndex> logger)
{
    private const int BatchSize = 64;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _generator =
        services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() ?? CreateGenerator(options.Value.Embeddings);
    private readonly ConcurrentDictionary<string, LectureVectors> _lectures = new();

    private sealed record LectureVectors(Dictionary<int, float[]> Sentences, Dictionary<string, float[]> Passages);

    private static string Key(string lectureId) => LectureStore.EmbeddingsKey(lectureId);

    private static IEmbeddingGenerator<string, Embedding<float>>? CreateGenerator(ModelEndpointOptions settings) =>
        settings.IsConfigured
            ? new OpenAIClient(new ApiKeyCredential(settings.ApiKey ?? "none"), new OpenAIClientOptions { Endpoint = new Uri(settings.Endpoint!) })
                .GetEmbeddingClient(settings.Model)
                .AsIEmbeddingGenerator()
            : null;

    public bool Enabled => _generator is not null;

    private string Model => options.Value.Embeddings.Model ?? "";

    public async Task IndexAsync(string lectureId, IReadOnlyList<Passage> passages, CancellationToken cancellationToken)
    {
        if (_generator is null)
        {
            return;
        }
        var sentences = passages.SelectMany(p => p.Sentences).ToList();
        var fields = sentences.Select(s => Field(s.Text)).ToArray();
        var db = redis.GetDatabase();
        var stored = await db.HashGetAsync(Key(lectureId), fields.Select(f => (RedisValue)f).ToArray());
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Length; i++)
        {
            if (!stored[i].IsNullOrEmpty)
            {
                vectors[fields[i]] = MemoryMarshal.Cast<byte, float>(((byte[])stored[i]!).AsSpan()).ToArray();
            }
        }
        var missing = sentences.Select((s, i) => (s.Text, Field: fields[i])).Where(s => !vectors.ContainsKey(s.Field)).DistinctBy(s => s.Field).ToList();
        foreach (var batch in missing.Chunk(BatchSize))
        {
            var embeddings = await _generator.GenerateAsync(batch.Select(s => s.Text), cancellationToken: cancellationToken);
            var entries = new HashEntry[batch.Length];
            for (var i = 0; i < batch.Length; i++)
            {
                var vector = Normalized(embeddings[i].Vector.ToArray());
                vectors[batch[i].Field] = vector;
                entries[i] = new HashEntry(batch[i].Field, MemoryMarshal.AsBytes(vector.AsSpan()).ToArray());
            }
            await db.HashSetAsync(Key(lectureId), entries);
        }
        telemetry.Embeddings.Add(missing.Count, new KeyValuePair<string, object?>("outcome", "computed"));
        telemetry.Embeddings.Add(sentences.Count - missing.Count, new KeyValuePair<string, object?>("outcome", "reused"));
        await DropStaleAsync(db, lectureId, fields);

        var bySentence = sentences.Select((s, i) => (s.Index, Vector: vectors[fields[i]])).ToDictionary(s => s.Index, s => s.Vector);
        var byPassage = passages.ToDictionary(p => p.Id, p => Sum(p.Sentences.Select(s => bySentence[s.Index])));
        _lectures[lectureId] = new LectureVectors(bySentence, byPassage);
        logger.LogDebug("Embeddings of lecture {LectureId}: {Computed} computed, {Reused} reused from Redis", lectureId, missing.Count, sentences.Count - missing.Count);
    }

    public void RemoveLecture(string lectureId) => _lectures.TryRemove(lectureId, out _);

    /// <summary>The question's vector, or null when embeddings are off or the endpoint fails (the answer then uses BM25 alone).</summary>
    public async Task<float[]?> EmbedQuestionAsync(string question, CancellationToken cancellationToken)
    {
        if (_generator is null || _lectures.IsEmpty)
        {
            return null;
        }
        try
        {
            return Normalized((await _generator.GenerateAsync([question], cancellationToken: cancellationToken))[0].Vector.ToArray());
        }
        catch (Exception ex) when (ex is HttpRequestException or ClientResultException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The embedding endpoint failed for a question; answering from BM25 alone");
            return null;
        }
    }

    public IReadOnlyList<(string PassageId, double Score)> Search(float[] question, IReadOnlyCollection<string>? lectureIds, int top) =>
        _lectures
            .Where(l => lectureIds is not { Count: > 0 } || lectureIds.Contains(l.Key))
            .SelectMany(l => l.Value.Passages)
            .Where(p => p.Value.Length == question.Length)
            .Select(p => (p.Key, (double)TensorPrimitives.Dot(question, p.Value)))
            .OrderByDescending(p => p.Item2)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(top)
            .ToList();

    /// <summary>Cosine similarity of the question and some consecutive sentences of a lecture taken together.</summary>
    public double? Similarity(float[] question, string lectureId, IReadOnlyList<TimedSentence> sentences)
    {
        if (!_lectures.TryGetValue(lectureId, out var vectors) || sentences.Any(s => !vectors.Sentences.ContainsKey(s.Index)))
        {
            return null;
        }
        var window = Sum(sentences.Select(s => vectors.Sentences[s.Index]));
        return window.Length == question.Length ? TensorPrimitives.Dot(question, window) : null;
    }

    /// <summary>Fields of sentences this lecture no longer has (an edited transcript) are removed, so the hash does not grow.</summary>
    private static async Task DropStaleAsync(IDatabase db, string lectureId, string[] current)
    {
        var keys = await db.HashKeysAsync(Key(lectureId));
        var keep = current.ToHashSet(StringComparer.Ordinal);
        var stale = keys.Where(k => !keep.Contains(k.ToString())).ToArray();
        if (stale.Length > 0)
        {
            await db.HashDeleteAsync(Key(lectureId), stale);
        }
    }

    /// <summary>The model name and a hash of the sentence: a vector is reused only for the same text from the same model.</summary>
    private string Field(string text) => Model + ":" + Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(text)));

    private static float[] Sum(IEnumerable<float[]> vectors)
    {
        float[]? sum = null;
        foreach (var vector in vectors)
        {
            sum ??= new float[vector.Length];
            if (vector.Length == sum.Length)
            {
                TensorPrimitives.Add(sum, vector, sum);
            }
        }
        return Normalized(sum ?? []);
    }

    private static float[] Normalized(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
        return vector;
    }
}
