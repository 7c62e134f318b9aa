using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace FunAsr.AsrService.Models;

/// <summary>What the detector found in a folder: which files make the model, before any graph is opened.</summary>
public abstract record ModelLayout(string Folder);

/// <summary>One CTC graph (SenseVoice or Fun-ASR-Nano CTC); its inputs say which (<see cref="ModelFamilyDetector.ClassifyCtc"/>).</summary>
public sealed record CtcModelLayout(string Folder, string OnnxPath) : ModelLayout(Folder);

/// <summary>A Fun-ASR-Nano LLM export: audio encoder (+ adaptor), token embedding, decoder, Qwen3 tokenizer.</summary>
public sealed record NanoLlmLayout(
    string Folder,
    ModelFamily Family,
    string EncoderPath,
    string? AdaptorPath,
    string EmbeddingPath,
    string DecoderPath,
    string TokenizerFolder) : ModelLayout(Folder);

/// <summary>
/// The one place that decides which export family a model folder holds, from the archive exactly as it unpacks
/// (shared/design/model-contracts.md). A folder it cannot place gets one message listing what it found and what each
/// family needs.
/// </summary>
public static class ModelFamilyDetector
{
    /// <summary>What each family needs, as the unplaceable-folder message lists it.</summary>
    public static readonly IReadOnlyList<string> FamilyRequirements =
    [
        "SenseVoiceSmall (FunASR export): model.onnx or model_quant.onnx with inputs speech/speech_lengths/language/textnorm, am.mvn, and tokens.json or chn_jpn_yue_eng_ko_spectok.bpe.model",
        "SenseVoiceSmall (sherpa-onnx export): model.onnx or model.int8.onnx with inputs x/x_length/language/text_norm and CMVN metadata, tokens.txt",
        "Fun-ASR-Nano CTC (sherpa-onnx sense-voice-funasr-nano): model.onnx or model.int8.onnx with input x and no language input, base64 tokens.txt",
        "Fun-ASR-Nano LLM (sherpa-onnx funasr-nano): encoder_adaptor[.int8].onnx, embedding[.int8].onnx, llm[.int8|.fp16|.fp32].onnx (+ llm.fp32.data), Qwen3-0.6B/ with tokenizer.json or vocab.json + merges.txt",
        "Fun-ASR-(MLT-)Nano LLM (ManySpeech): encoder_adaptor[.int8].onnx (or encoder + adaptor), embed[.int8].onnx, decoder[.int8].onnx, tokenizer.json",
    ];

    private static readonly string[] CtcFiles = ["model.onnx", "model_quant.onnx", "model.int8.onnx"];

    /// <summary>Places <paramref name="folder"/> in a family; throws <see cref="ModelLoadException"/> when it cannot.</summary>
    public static ModelLayout Detect(string folder, bool preferQuantized)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw new ModelLoadException(ModelLoadFailure.MissingFolder, full, "The model folder does not exist");
        }

        var encoderAdaptor = Pick(full, "encoder_adaptor", preferQuantized);
        var llm = Pick(full, "llm", preferQuantized);
        var embedding = Pick(full, "embedding", preferQuantized);
        if (llm is not null && encoderAdaptor is not null && embedding is not null)
        {
            return new NanoLlmLayout(full, ModelFamily.FunAsrNanoLlmKvDelta, encoderAdaptor, null, embedding, llm,
                TokenizerFolder(full) ?? throw Unplaced(full, "it looks like the sherpa-onnx Fun-ASR-Nano LLM export but has no Qwen3 tokenizer (Qwen3-0.6B/ with tokenizer.json, or vocab.json + merges.txt)"));
        }

        var decoder = Pick(full, "decoder", preferQuantized);
        var embed = Pick(full, "embed", preferQuantized);
        var encoder = encoderAdaptor ?? Pick(full, "encoder", preferQuantized);
        var adaptor = encoderAdaptor is null ? Pick(full, "adaptor", preferQuantized) : null;
        if (decoder is not null && embed is not null && encoder is not null)
        {
            return new NanoLlmLayout(full, ModelFamily.FunAsrNanoLlmManySpeech, encoder, adaptor, embed, decoder,
                TokenizerFolder(full) ?? throw Unplaced(full, "it looks like the ManySpeech Fun-ASR-Nano LLM export but has no tokenizer.json"));
        }

        var ctc = (preferQuantized ? CtcFiles.Skip(1).Append(CtcFiles[0]) : CtcFiles)
            .Select(name => Path.Combine(full, name)).FirstOrDefault(File.Exists);
        if (ctc is not null)
        {
            return new CtcModelLayout(full, ctc);
        }

        var onnx = Directory.GetFiles(full, "*.onnx");
        if (onnx.Length == 1 && llm is null && decoder is null && encoder is null)
        {
            return new CtcModelLayout(full, onnx[0]);
        }

        throw onnx.Length == 0
            ? Unplaced(full, "it holds no .onnx file", ModelLoadFailure.MissingFile)
            : Unplaced(full, "its .onnx files match no family's names");
    }

    /// <summary>Which CTC family a loaded graph is, by its inputs and metadata (SOc offline-sense-voice-model.cc).</summary>
    public static ModelFamily ClassifyCtc(string folder, string onnxPath, InferenceSession session)
    {
        var inputs = session.InputMetadata;
        if (inputs.ContainsKey("speech"))
        {
            return ModelFamily.SenseVoiceFunAsr;
        }

        if (!inputs.ContainsKey("x"))
        {
            throw new ModelLoadException(ModelLoadFailure.UnknownFamily, folder,
                $"{Path.GetFileName(onnxPath)} has inputs [{string.Join(", ", inputs.Keys)}], which match no family. Each family needs: "
                + string.Join("; ", FamilyRequirements));
        }

        // Both sherpa exports say model_type sense_voice_ctc; the Nano one names its checkpoint in comment and takes no language.
        var comment = session.ModelMetadata.CustomMetadataMap.GetValueOrDefault("comment") ?? string.Empty;
        return comment.Contains("Nano", StringComparison.OrdinalIgnoreCase) || !inputs.ContainsKey("language")
            ? ModelFamily.FunAsrNanoCtc
            : ModelFamily.SenseVoiceSherpa;
    }

    /// <summary>
    /// True for Fun-ASR-MLT-Nano-2512 (31 languages) rather than Fun-ASR-Nano-2512 (zh/en/ja). The graphs are alike, so
    /// this reads what names the checkpoint: the encoder's comment metadata (Wasser1462 export_encoder_adaptor_onnx.py
    /// writes the checkpoint name there), else the folder's name, config.json, or the .fetched.json models/fetch wrote.
    /// </summary>
    public static bool IsMultilingualNano(NanoLlmLayout layout, IReadOnlyDictionary<string, string> encoderMetadata)
    {
        if (encoderMetadata.TryGetValue("comment", out var comment) && comment.Contains("Nano", StringComparison.OrdinalIgnoreCase))
        {
            return comment.Contains("MLT", StringComparison.OrdinalIgnoreCase);
        }

        if (Path.GetFileName(layout.Folder).Contains("MLT", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return new[] { "config.json", ".fetched.json" }
            .Select(name => Path.Combine(layout.Folder, name))
            .Any(path => File.Exists(path) && new FileInfo(path).Length < 1 << 20
                && File.ReadAllText(path).Contains("MLT-Nano", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Fun-ASR-Nano-2512: 中文/英文/日文 (FA README.md:35); Fun-ASR-MLT-Nano-2512: 31 languages (FA README.md:122-126).</summary>
    public static IReadOnlyList<string> NanoLanguages(string? checkpointName) =>
        checkpointName?.Contains("MLT", StringComparison.OrdinalIgnoreCase) == true
            ? [.. Nano.NanoPrompt.LanguageNames.Keys]
            : Nano.NanoLlmModel.Nano2512Languages;

    /// <summary><c>stem.onnx</c>, <c>stem.fp32.onnx</c>, <c>stem.fp16.onnx</c> or <c>stem.int8.onnx</c>, int8 first when preferred.</summary>
    private static string? Pick(string folder, string stem, bool preferQuantized)
    {
        string[] suffixes = preferQuantized ? [".int8", "", ".fp32", ".fp16"] : ["", ".fp32", ".fp16", ".int8"];
        return suffixes.Select(s => Path.Combine(folder, $"{stem}{s}.onnx")).FirstOrDefault(File.Exists);
    }

    /// <summary>The folder itself when it holds the tokenizer, else a subfolder that does (sherpa-onnx: Qwen3-0.6B/).</summary>
    private static string? TokenizerFolder(string folder)
    {
        static bool Holds(string dir) =>
            File.Exists(Path.Combine(dir, "tokenizer.json"))
            || (File.Exists(Path.Combine(dir, "vocab.json")) && File.Exists(Path.Combine(dir, "merges.txt")));

        if (Holds(folder))
        {
            return folder;
        }

        return Directory.GetDirectories(folder)
            .OrderBy(d => Path.GetFileName(d).StartsWith("Qwen", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(d => d, StringComparer.Ordinal)
            .FirstOrDefault(Holds);
    }

    private static ModelLoadException Unplaced(string folder, string why, ModelLoadFailure failure = ModelLoadFailure.UnknownFamily)
    {
        var entries = Directory.EnumerateFileSystemEntries(folder)
            .Select(e => Directory.Exists(e) ? Path.GetFileName(e) + "/" : Path.GetFileName(e))
            .Order(StringComparer.Ordinal).ToList();
        var found = entries.Count == 0 ? "nothing" : string.Join(", ", entries.Take(40)) + (entries.Count > 40 ? $", … ({entries.Count} entries)" : "");
        return new ModelLoadException(failure, folder,
            string.Create(CultureInfo.InvariantCulture,
                $"Cannot tell which model family this folder holds: {why}. It has: {found}. Each family needs: {string.Join("; ", FamilyRequirements)}"));
    }
}
