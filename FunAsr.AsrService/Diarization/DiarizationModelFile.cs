using System.Globalization;
using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using Microsoft.ML.OnnxRuntime;

namespace FunAsr.AsrService.Diarization;

/// <summary>Finds and opens a diarization .onnx and reads its metadata, failing with a <see cref="ModelLoadException"/> that names the key.</summary>
internal static class DiarizationModelFile
{
    /// <summary>A file as given; in a folder, model.onnx / model.int8.onnx (sherpa's archive layout) or its one .onnx.</summary>
    public static string Resolve(string path, bool preferQuantized)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return full;
        }

        if (!Directory.Exists(full))
        {
            throw new ModelLoadException(ModelLoadFailure.MissingFolder, full, "The diarization model does not exist");
        }

        string plain = Path.Combine(full, "model.onnx");
        string quantized = Path.Combine(full, "model.int8.onnx");
        if (File.Exists(plain) || File.Exists(quantized))
        {
            return (preferQuantized && File.Exists(quantized)) || !File.Exists(plain) ? quantized : plain;
        }

        string[] candidates = Directory.GetFiles(full, "*.onnx");
        return candidates.Length switch
        {
            1 => candidates[0],
            0 => throw new ModelLoadException(ModelLoadFailure.MissingFile, full, "The folder holds no .onnx file"),
            _ => throw new ModelLoadException(ModelLoadFailure.InvalidContents, full,
                $"The folder holds {candidates.Length} .onnx files ({string.Join(", ", candidates.Select(Path.GetFileName))}); name one"),
        };
    }

    public static InferenceSession Open(string onnxPath, InferenceOptions options, ILogger logger, out string provider)
    {
        try
        {
            (InferenceSession session, provider) = OnnxSessionFactory.Create(onnxPath, options, logger);
            return session;
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException(ModelLoadFailure.CorruptModel, onnxPath,
                $"ONNX Runtime cannot load {Path.GetFileName(onnxPath)}: {ex.Message}", ex);
        }
    }

    public static int RequireInt(IReadOnlyDictionary<string, string> metadata, string key, string onnxPath) =>
        OptionalInt(metadata, key, onnxPath)
        ?? throw new ModelLoadException(ModelLoadFailure.InvalidContents, onnxPath, $"The metadata lacks '{key}'");

    public static int? OptionalInt(IReadOnlyDictionary<string, string> metadata, string key, string onnxPath)
    {
        if (!metadata.TryGetValue(key, out string? text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ModelLoadException(ModelLoadFailure.InvalidContents, onnxPath, $"Metadata '{key}' is '{text}', not an integer");
    }

    public static string RequireString(IReadOnlyDictionary<string, string> metadata, string key, string onnxPath) =>
        metadata.TryGetValue(key, out string? text) && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw new ModelLoadException(ModelLoadFailure.InvalidContents, onnxPath, $"The metadata lacks '{key}'");

    public static bool IsTestDouble(IReadOnlyDictionary<string, string> metadata) =>
        metadata.GetValueOrDefault("test_double") is "1" or "true" or "True";
}
