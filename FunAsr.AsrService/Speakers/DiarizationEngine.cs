using FunAsr.AsrService.Diarization;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using FunAsr.AsrService.Transcription;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Speakers;

/// <summary>Whether this replica can diarize: the models are not configured, are loading, ready, or failed to load.</summary>
public enum DiarizationState
{
    NotConfigured,
    Loading,
    Ready,
    Failed,
}

/// <summary>
/// The replica's one diarizer: the models found by <see cref="DiarizationModels"/>, loaded once (warmed up at start by
/// <see cref="DiarizationWarmup"/>, else on first use); a load failure is kept and reported, not retried. Recordings
/// are diarized on the thread pool, at most <see cref="DiarizationOptions.MaxConcurrentRecordings"/> at once. Failures
/// a client can act on are <see cref="AsrException"/>s: no models (400 naming what to fetch), a broken model (503), an
/// impossible speaker count (400 naming the parameter).
/// </summary>
public sealed class DiarizationEngine : IDisposable
{
    private readonly DiarizationOptions _options;
    private readonly ILogger<DiarizationEngine> _logger;
    private readonly Lazy<SpeakerDiarizer> _diarizer;
    private readonly SemaphoreSlim _slots;
    private volatile string? _failure;

    public DiarizationEngine(IOptions<DiarizationOptions> options, IOptions<InferenceOptions> inference, IHostEnvironment environment, ILoggerFactory loggers)
    {
        _options = options.Value;
        _logger = loggers.CreateLogger<DiarizationEngine>();
        _slots = new SemaphoreSlim(_options.MaxConcurrentRecordings, _options.MaxConcurrentRecordings);
        Paths = DiarizationModels.Find(_options, environment.ContentRootPath);
        _diarizer = new Lazy<SpeakerDiarizer>(() =>
        {
            var configured = new DiarizationOptions
            {
                SegmentationModelPath = Paths.Segmentation,
                EmbeddingModelPath = Paths.Embedding,
                PreferQuantized = _options.PreferQuantized,
                FeaturePreset = _options.FeaturePreset,
                ClusteringThreshold = _options.ClusteringThreshold,
                WindowShiftRatio = _options.WindowShiftRatio,
                MinDurationOnSeconds = _options.MinDurationOnSeconds,
                MinDurationOffSeconds = _options.MinDurationOffSeconds,
                SegmentationBatchSize = _options.SegmentationBatchSize,
                MaxExactClusteringEmbeddings = _options.MaxExactClusteringEmbeddings,
                MaxSpeakers = _options.MaxSpeakers,
            };
            try
            {
                var diarizer = SpeakerDiarizer.Open(configured, inference.Value, loggers);
                _logger.LogInformation("Diarization models loaded: {Segmentation}, {Embedding} ({Framework}, {Dimension}-d)",
                    diarizer.Segmentation.Path, diarizer.Embedding.Path, diarizer.Embedding.Framework, diarizer.Embedding.Dimension);
                if (diarizer.IsTestDouble)
                {
                    _logger.LogWarning("The diarization models are KNOWN-ANSWER TEST DOUBLES: they tell only the synthetic voices of models/testing/diarization apart. Fetch real ones: {Command}",
                        DiarizationModels.FetchCommand);
                }

                return diarizer;
            }
            catch (ModelLoadException ex)
            {
                _failure = ex.Message;
                _logger.LogError(ex, "The diarization models could not be loaded; requests with diarize=true are refused");
                throw;
            }
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public DiarizationModelPaths Paths { get; }

    public DiarizationState State => !Paths.Found ? DiarizationState.NotConfigured
        : _failure is not null ? DiarizationState.Failed
        : _diarizer.IsValueCreated ? DiarizationState.Ready
        : DiarizationState.Loading;

    public string? Failure => _failure;

    /// <summary>The loaded diarizer, or the <see cref="AsrException"/> that says why there is none.</summary>
    public SpeakerDiarizer Diarizer
    {
        get
        {
            if (!Paths.Found)
            {
                var missing = Paths.Segmentation is null && Paths.Embedding is null ? "a segmentation and a speaker-embedding model"
                    : Paths.Segmentation is null ? "a segmentation model" : "a speaker-embedding model";
                throw AsrException.Invalid("diarization_unavailable",
                    $"This server cannot diarize: it has no {missing}. Fetch them with `{DiarizationModels.FetchCommand}` " +
                    $"(or set {DiarizationOptions.Section}:SegmentationModelPath and EmbeddingModelPath) and restart, or send the request without diarize.",
                    "diarize");
            }

            try
            {
                return _diarizer.Value;
            }
            catch (ModelLoadException ex)
            {
                throw AsrException.Unavailable("diarization_not_loaded", $"The diarization models could not be loaded: {ex.Message}", TimeSpan.FromSeconds(60));
            }
        }
    }

    /// <summary>A model identity stored with every voice sample: embeddings of different models are never compared.</summary>
    public string EmbeddingModelKey => $"{Path.GetFileNameWithoutExtension(Diarizer.Embedding.Path)}:{Diarizer.Embedding.Dimension}";

    /// <summary>Loads the models now (the warm-up), logging rather than throwing.</summary>
    public void TryLoad()
    {
        if (Paths.Found)
        {
            try
            {
                _ = _diarizer.Value;
            }
            catch (ModelLoadException)
            {
                // Kept in Failure and logged by the loader.
            }
        }
    }

    /// <summary>Diarizes 16 kHz samples off the caller's thread once a slot is free.</summary>
    public async Task<DiarizationResult> DiarizeAsync(float[] samples, DiarizationSettings settings, CancellationToken cancellationToken)
    {
        var diarizer = Diarizer;
        var request = new DiarizationRequest(settings.NumSpeakers, settings.MinSpeakers, settings.MaxSpeakers);
        Validate(request);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => diarizer.Diarize(samples, request, cancellationToken), cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Fails fast, before any audio is decoded, when a diarization request cannot be served (no models, impossible counts).</summary>
    public void Check(DiarizationSettings? settings)
    {
        if (settings is not null)
        {
            _ = Diarizer;
            Validate(new DiarizationRequest(settings.NumSpeakers, settings.MinSpeakers, settings.MaxSpeakers));
        }
    }

    /// <summary>Throws the 400 naming the parameter when the counts cannot be honoured, before any work is done.</summary>
    public void Validate(DiarizationRequest request)
    {
        try
        {
            request.Validate(_options.MaxSpeakers);
        }
        catch (DiarizationRequestException ex)
        {
            throw AsrException.Invalid("invalid_speaker_count", ex.Message, ex.Parameter);
        }
    }

    /// <summary>The unit-length embedding of one voice clip, or null when it is too short to embed.</summary>
    public float[]? EmbedVoice(ReadOnlySpan<float> samples) => Diarizer.EmbedVoice(samples);

    public void Dispose()
    {
        if (_diarizer.IsValueCreated && _failure is null)
        {
            _diarizer.Value.Dispose();
        }

        _slots.Dispose();
    }
}

/// <summary>Loads the diarization models in the background at start, so the first diarized request does not wait for them.</summary>
public sealed class DiarizationWarmup(DiarizationEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(engine.TryLoad, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
