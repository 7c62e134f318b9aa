using System.Diagnostics;
using System.Numerics.Tensors;
using FunAsr.AsrService.Inference;

namespace FunAsr.AsrService.Diarization;

/// <summary>
/// Who spoke when, in the stages of sherpa-onnx's pyannote pipeline (offline-speaker-diarization-pyannote-impl.h):
/// 1 windows → 2 local speakers per frame (segmentation model, powerset) → 3 speakers per frame → 4 overlap-free
/// spans per window and local speaker → 5 one embedding each → 6 clustering → 7 global activity and turns.
/// Thread-safe; each call holds its own buffers.
/// </summary>
public sealed class SpeakerDiarizer : IDisposable
{
    public const int SampleRate = 16000;

    private readonly DiarizationOptions _options;
    private readonly ILogger _logger;

    public SpeakerDiarizer(PyannoteSegmentationModel segmentation, SpeakerEmbeddingModel embedding, DiarizationOptions options, ILogger logger)
    {
        Segmentation = segmentation ?? throw new ArgumentNullException(nameof(segmentation));
        Embedding = embedding ?? throw new ArgumentNullException(nameof(embedding));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public PyannoteSegmentationModel Segmentation { get; }

    public SpeakerEmbeddingModel Embedding { get; }

    /// <summary>True when either model is a known-answer test double rather than real weights.</summary>
    public bool IsTestDouble => Segmentation.Info.IsTestDouble || Embedding.IsTestDouble;

    /// <summary>Loads both models named by <paramref name="options"/>.</summary>
    public static SpeakerDiarizer Open(DiarizationOptions options, InferenceOptions inference, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.SegmentationModelPath) || string.IsNullOrWhiteSpace(options.EmbeddingModelPath))
        {
            throw new ArgumentException($"{DiarizationOptions.Section} needs SegmentationModelPath and EmbeddingModelPath.", nameof(options));
        }

        var logger = loggers.CreateLogger<SpeakerDiarizer>();
        var segmentationInference = CopyWithQuantization(inference, options.PreferQuantized);
        var segmentation = PyannoteSegmentationModel.Open(options.SegmentationModelPath, segmentationInference, logger);
        try
        {
            var preset = Enum.Parse<SpeakerFeaturePreset>(options.FeaturePreset, ignoreCase: true);
            var embedding = SpeakerEmbeddingModel.Open(options.EmbeddingModelPath, inference, preset, logger);
            return new SpeakerDiarizer(segmentation, embedding, options, logger);
        }
        catch
        {
            segmentation.Dispose();
            throw;
        }
    }

    /// <summary>Diarizes 16 kHz mono samples in [-1, 1].</summary>
    public DiarizationResult Diarize(ReadOnlySpan<float> samples, DiarizationRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= DiarizationRequest.Automatic;
        request.Validate(_options.MaxSpeakers);
        double duration = samples.Length / (double)SampleRate;
        long started = Stopwatch.GetTimestamp();
        using var activity = DiarizationTelemetry.Source.StartActivity("diarize");
        activity?.SetTag("audio.seconds", Math.Round(duration, 3));
        activity?.SetTag("diarization.segmentation_model", Path.GetFileName(Segmentation.Path));
        activity?.SetTag("diarization.embedding_framework", Embedding.Framework.ToString());

        var layout = ChunkLayout.For(samples.Length, Segmentation.Info, _options.WindowShiftRatio);
        if (layout.Count == 0)
        {
            return DiarizationResult.Empty(duration);
        }

        LocalSegmentation local;
        using (var stage = DiarizationTelemetry.Stage("segmentation"))
        {
            stage.Activity?.SetTag("diarization.windows", layout.Count);
            local = LocalSegmentation.Run(Segmentation, samples, layout, _options.SegmentationBatchSize, cancellationToken);
        }

        byte[] perFrame = SpeakerCountEstimator.SpeakersPerFrame(local);
        List<ChunkSpeaker> speakers = EmbeddingSpans.Find(local);
        (List<ChunkSpeaker> embedded, float[] embeddings) = Embed(samples, speakers, cancellationToken);
        if (embedded.Count == 0)
        {
            Finish(activity, duration, started, 0, 0);
            return DiarizationResult.Empty(duration);
        }

        int[] clusterOf;
        using (var stage = DiarizationTelemetry.Stage("clustering"))
        {
            clusterOf = Cluster(embedded, embeddings, layout.Count, request);
            stage.Activity?.SetTag("diarization.embeddings", embedded.Count);
            stage.Activity?.SetTag("diarization.clusters", clusterOf.Max() + 1);
        }

        DiarizationResult result;
        using (DiarizationTelemetry.Stage("reconstruction"))
        {
            int clusters = clusterOf.Max() + 1;
            byte[] global = SpeakerReconstruction.Activity(local, embedded, clusterOf, clusters, perFrame);
            var turns = SpeakerTurnBuilder.Build(global, layout.AudioFrames, clusters, Segmentation.Info,
                _options.MinDurationOnSeconds, _options.MinDurationOffSeconds);
            result = Describe(duration, turns, clusterOf, embeddings);
        }

        Finish(activity, duration, started, embedded.Count, result.Speakers.Count);
        return result;
    }

    /// <summary>
    /// The L2-normalised embedding of one voice clip (a named speaker's reference), or null when it is too short to
    /// embed; a clip longer than one segmentation window is cut to its first window.
    /// </summary>
    public float[]? EmbedVoice(ReadOnlySpan<float> samples)
    {
        var clip = samples[..Math.Min(samples.Length, Segmentation.Info.WindowSize)];
        float[]? embedding = Embedding.Compute(clip);
        if (embedding is not null)
        {
            float norm = TensorPrimitives.Norm(embedding);
            TensorPrimitives.Multiply(embedding, norm > 0 ? 1f / norm : 0f, embedding);
        }

        return embedding;
    }

    public void Dispose()
    {
        Segmentation.Dispose();
        Embedding.Dispose();
    }

    private (List<ChunkSpeaker> Embedded, float[] Embeddings) Embed(ReadOnlySpan<float> samples, List<ChunkSpeaker> speakers,
        CancellationToken cancellationToken)
    {
        using var stage = DiarizationTelemetry.Stage("embedding");
        int dim = Embedding.Dimension;
        var embedded = new List<ChunkSpeaker>(speakers.Count);
        var embeddings = new float[speakers.Count * dim];
        float[] buffer = new float[speakers.Count == 0 ? 0 : speakers.Max(s => s.SampleCount)];
        int dropped = 0;
        foreach (var speaker in speakers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // All of a local speaker's solo runs in the window, joined, make one embedding (sherpa-onnx ComputeEmbeddings).
            int length = 0;
            foreach (var range in speaker.Ranges)
            {
                samples.Slice(range.Start, range.Length).CopyTo(buffer.AsSpan(length));
                length += range.Length;
            }

            float[]? embedding = Embedding.Compute(buffer.AsSpan(0, length));
            if (embedding is null)
            {
                dropped++;
                continue;
            }

            embedding.CopyTo(embeddings.AsSpan(embedded.Count * dim));
            embedded.Add(speaker);
        }

        if (dropped > 0)
        {
            _logger.LogDebug("{Dropped} of {Total} window speakers gave no embedding (too short or NaN)", dropped, speakers.Count);
        }

        DiarizationTelemetry.Embeddings.Add(embedded.Count);
        stage.Activity?.SetTag("diarization.embeddings", embedded.Count);
        return (embedded, embeddings[..(embedded.Count * dim)]);
    }

    private int[] Cluster(List<ChunkSpeaker> embedded, float[] embeddings, int windows, DiarizationRequest request)
    {
        var cut = new ClusterCut(_options.ClusteringThreshold, request.NumSpeakers, request.MinSpeakers, request.MaxSpeakers);
        if (windows > 1)
        {
            return AgglomerativeClustering.Cluster(embeddings, Embedding.Dimension, cut, _options.MaxExactClusteringEmbeddings);
        }

        // One window: its local speakers are distinct people already (sherpa-onnx HandleOneChunkSpecialCase), unless fewer are asked for.
        int distinct = embedded.Count;
        if ((request.NumSpeakers ?? request.MaxSpeakers ?? int.MaxValue) < distinct)
        {
            return AgglomerativeClustering.Cluster(embeddings, Embedding.Dimension, cut with { Threshold = -1 });
        }

        return AgglomerativeClustering.FirstAppearance(embedded.Select(s => s.LocalSpeaker).ToArray());
    }

    private static DiarizationResult Describe(double duration, List<SpeakerTurn> turns, int[] clusterOf, float[] embeddings)
    {
        // Speakers are renumbered by when they first speak; a cluster left without turns is no speaker.
        int dim = embeddings.Length / clusterOf.Length;
        var order = new Dictionary<int, int>();
        foreach (var turn in turns)
        {
            order.TryAdd(turn.Speaker, order.Count);
        }

        var renumbered = turns.Select(t => t with { Speaker = order[t.Speaker] }).ToList();
        var speakers = new DiarizedSpeaker[order.Count];
        foreach (var (cluster, index) in order)
        {
            var centroid = new float[dim];
            for (int i = 0; i < clusterOf.Length; i++)
            {
                if (clusterOf[i] == cluster)
                {
                    ReadOnlySpan<float> row = embeddings.AsSpan(i * dim, dim);
                    float norm = TensorPrimitives.Norm(row);
                    TensorPrimitives.MultiplyAdd(row, norm > 0 ? 1f / norm : 0f, centroid, centroid);
                }
            }

            float length = TensorPrimitives.Norm(centroid);
            TensorPrimitives.Multiply(centroid, length > 0 ? 1f / length : 0f, centroid);
            speakers[index] = new DiarizedSpeaker(index, centroid, renumbered.Where(t => t.Speaker == index).Sum(t => t.Duration));
        }

        return new DiarizationResult(duration, renumbered, speakers);
    }

    private static void Finish(Activity? activity, double duration, long started, int embeddings, int speakers)
    {
        double elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        DiarizationTelemetry.AudioSeconds.Add(duration);
        DiarizationTelemetry.Speakers.Record(speakers);
        if (duration > 0)
        {
            DiarizationTelemetry.RealTimeFactor.Record(elapsed / duration);
        }

        activity?.SetTag("diarization.embeddings", embeddings);
        activity?.SetTag("diarization.speakers", speakers);
    }

    private static InferenceOptions CopyWithQuantization(InferenceOptions inference, bool preferQuantized) => new()
    {
        IntraOpThreads = inference.IntraOpThreads,
        GraphOptimization = inference.GraphOptimization,
        ExecutionProvider = inference.ExecutionProvider,
        CudaDeviceId = inference.CudaDeviceId,
        PreferQuantized = preferQuantized,
    };
}
