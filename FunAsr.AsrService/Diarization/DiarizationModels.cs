using System.Text.Json;

namespace FunAsr.AsrService.Diarization;

/// <summary>The two models diarization needs, where they were found, or why they were not.</summary>
public sealed record DiarizationModelPaths(string? Segmentation, string? Embedding, string Source)
{
    public bool Found => Segmentation is not null && Embedding is not null;
}

/// <summary>
/// Finds the diarization models the way the speech model is found: an explicit <c>Asr:Diarization</c> path (relative
/// paths from the content root upwards, so the repository's models/ is found from bin/), else the first model of each
/// family in models/manifest.json (<c>pyannote-segmentation</c>, <c>speaker-embedding</c>) that models/fetch has put
/// into models/NAME.
/// </summary>
public static class DiarizationModels
{
    public const string SegmentationFamily = "pyannote-segmentation";
    public const string EmbeddingFamily = "speaker-embedding";
    public const string DefaultSegmentation = "sherpa-onnx-pyannote-segmentation-3-0";
    public const string DefaultEmbedding = "3dspeaker_speech_eres2net_base_sv_zh-cn_3dspeaker_16k";

    /// <summary>What an operator runs to give a server diarization.</summary>
    public static readonly string FetchCommand =
        $"models/fetch {DefaultSegmentation} --allow-unpinned && models/fetch {DefaultEmbedding} --allow-unpinned";

    public static DiarizationModelPaths Find(DiarizationOptions options, string contentRoot)
    {
        string? segmentation = Explicit(options.SegmentationModelPath, contentRoot);
        string? embedding = Explicit(options.EmbeddingModelPath, contentRoot);
        if (segmentation is not null && embedding is not null)
        {
            return new DiarizationModelPaths(segmentation, embedding, $"{DiarizationOptions.Section} paths");
        }

        if (Manifest(contentRoot) is { } manifest)
        {
            var modelsFolder = Path.GetDirectoryName(manifest)!;
            segmentation ??= Fetched(manifest, modelsFolder, SegmentationFamily);
            embedding ??= Fetched(manifest, modelsFolder, EmbeddingFamily);
        }

        return new DiarizationModelPaths(segmentation, embedding, "models/ (fetched)");
    }

    // An absolute path as is; a relative one against the content root, then each folder above it, then the binaries'.
    private static string? Explicit(string? path, string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (Path.IsPathRooted(path))
        {
            return Path.GetFullPath(path);
        }

        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, path);
                if (Directory.Exists(candidate) || File.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        // Not found anywhere: the load names the path as given, against the content root.
        return Path.GetFullPath(Path.Combine(contentRoot, path));
    }

    // models/manifest.json above the content root (the repository) or above the binaries.
    private static string? Manifest(string contentRoot)
    {
        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "models", "manifest.json");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static string? Fetched(string manifest, string modelsFolder, string family)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            foreach (var model in document.RootElement.GetProperty("models").EnumerateArray())
            {
                if (model.TryGetProperty("family", out var f) && f.GetString() == family
                    && model.TryGetProperty("name", out var n) && n.GetString() is { Length: > 0 } name
                    && Directory.Exists(Path.Combine(modelsFolder, name))
                    && Directory.EnumerateFiles(Path.Combine(modelsFolder, name), "*.onnx").Any())
                {
                    return Path.Combine(modelsFolder, name);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or KeyNotFoundException or InvalidOperationException)
        {
            // An unreadable manifest finds nothing; explicit paths still work.
        }

        return null;
    }
}
