using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Recognition;

/// <summary>Loads the configured model once, on first use; a load failure is kept and rethrown, not retried.</summary>
public sealed class SpeechModelProvider : IDisposable
{
    private readonly Lazy<SpeechModel> _model;

    public SpeechModelProvider(
        IOptions<SpeechEngineOptions> engine, IOptions<InferenceOptions> inference, IHostEnvironment environment, ILogger<SpeechModelProvider> logger)
    {
        ResolvedPath = ChoosePath(engine.Value, environment.ContentRootPath, out var fallbackReason);
        _model = new Lazy<SpeechModel>(() =>
        {
            if (fallbackReason is not null)
            {
                logger.LogWarning("Asr:Model:Path {Configured} is not usable ({Reason}); loading Asr:Model:FallbackPath {Fallback} instead.",
                    engine.Value.Path, fallbackReason, ResolvedPath);
            }

            if (IsKnownAnswerModel)
            {
                logger.LogWarning(
                    "Asr:Model:Path is the KNOWN-ANSWER TEST MODEL ({Path}): it only recognises synthetic tone words. Point Asr:Model:Path at a real model folder (see models/README.md).",
                    ResolvedPath);
            }

            return SpeechModelLoader.Load(ResolvedPath, inference.Value, logger);
        }, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string ResolvedPath { get; }

    public bool IsKnownAnswerModel =>
        ResolvedPath.TrimEnd(Path.DirectorySeparatorChar).EndsWith(Path.Combine("models", "testing", "known-answer"), StringComparison.Ordinal);

    public SpeechModel Model => _model.Value;

    /// <summary>Asr:Model:Path, or the fallback when that folder is missing or no family detector can place it.</summary>
    public static string ChoosePath(SpeechEngineOptions options, string contentRoot, out string? fallbackReason)
    {
        var primary = ResolvePath(options.Path, contentRoot);
        fallbackReason = null;
        if (string.IsNullOrWhiteSpace(options.FallbackPath))
        {
            return primary;
        }

        try
        {
            ModelFamilyDetector.Detect(primary, preferQuantized: false);
            return primary;
        }
        catch (ModelLoadException e)
        {
            fallbackReason = e.Message;
            return ResolvePath(options.FallbackPath, contentRoot);
        }
    }

    /// <summary>An absolute path as is; a relative one against the content root, then each folder above it (the repository).</summary>
    public static string ResolvePath(string path, string contentRoot)
    {
        if (Path.IsPathRooted(path))
        {
            return Path.GetFullPath(path);
        }

        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, path);
                if (Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        return Path.GetFullPath(Path.Combine(contentRoot, path));
    }

    public void Dispose()
    {
        if (_model.IsValueCreated)
        {
            _model.Value.Dispose();
        }
    }
}
