using System.Globalization;
using FunAsr.AsrService.Decoding;
using FunAsr.AsrService.Features;
using FunAsr.AsrService.Inference;
using Microsoft.ML.OnnxRuntime;

namespace FunAsr.AsrService.Models;

/// <summary>Detects a model folder's export family from its files and ONNX graph, and loads it.</summary>
public static class SpeechModelLoader
{
    // FunASR SenseVoiceSmall export: lid_dict and textnorm_dict of funasr/models/sense_voice/model.py.
    private static readonly Dictionary<string, int> FunAsrLanguageIds = new()
    {
        ["auto"] = 0, ["zh"] = 3, ["en"] = 4, ["yue"] = 7, ["ja"] = 11, ["ko"] = 12, ["nospeech"] = 13,
    };

    private const int FunAsrWithItn = 14;
    private const int FunAsrWithoutItn = 15;

    public static SpeechModel Load(string folder, InferenceOptions options, ILogger logger)
    {
        var layout = ModelFamilyDetector.Detect(folder, options.PreferQuantized);
        var full = layout.Folder;
        if (layout is not CtcModelLayout ctc)
        {
            throw new ModelLoadException(ModelLoadFailure.UnknownFamily, full,
                $"The folder holds a {((NanoLlmLayout)layout).Family.Name()} export, which the LLM path loads, not the CTC loader");
        }

        var onnxPath = ctc.OnnxPath;
        InferenceSession session;
        string provider;
        try
        {
            (session, provider) = OnnxSessionFactory.Create(onnxPath, options, logger);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException(ModelLoadFailure.CorruptModel, full,
                $"ONNX Runtime cannot load {Path.GetFileName(onnxPath)}: {ex.Message}", ex);
        }

        try
        {
            var definition = Detect(full, onnxPath, session);
            var tokens = LoadTokens(definition);
            if (definition.BlankId < 0)
            {
                definition = definition with { BlankId = tokens.Count - 1 };
            }

            Validate(definition, tokens, session);
            var cmvn = LoadCmvn(definition);
            logger.LogInformation("Loaded {Family} model {Onnx} ({Vocab} tokens) on {Provider}",
                definition.Family.Name(), onnxPath, tokens.Count, provider);
            return new SpeechModel(definition, tokens, cmvn, session, provider);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Reads the family and contract of a loaded graph; throws <see cref="ModelLoadException"/> naming what is missing.</summary>
    public static SpeechModelDefinition Detect(string folder, string onnxPath, InferenceSession session)
    {
        var inputs = session.InputMetadata;
        var metadata = session.ModelMetadata.CustomMetadataMap;
        var family = ModelFamilyDetector.ClassifyCtc(folder, onnxPath, session);
        if (family == ModelFamily.SenseVoiceFunAsr)
        {
            RequireInputs(folder, session, "speech", "speech_lengths", "language", "textnorm");
            RequireOutputs(folder, session, "ctc_logits");
            return new SpeechModelDefinition
            {
                Family = ModelFamily.SenseVoiceFunAsr,
                FolderPath = folder,
                OnnxPath = onnxPath,
                TokensPath = FunAsrTokens(folder),
                Cmvn = new CmvnSource.AmMvnFile(RequireFile(folder, "am.mvn")),
                Signature = new ModelSignature("speech", "speech_lengths", "language", "textnorm", "ctc_logits",
                    session.OutputMetadata.ContainsKey("encoder_out_lens") ? "encoder_out_lens" : null),
                PrefixFrames = 4,
                BlankId = 0,
                LanguageIds = FunAsrLanguageIds,
                Languages = OfferedLanguages(FunAsrLanguageIds.Keys),
                WithItnId = FunAsrWithItn,
                WithoutItnId = FunAsrWithoutItn,
                MaxBatch = FixedBatch(inputs["speech"]),
            };
        }

        RequireOutputs(folder, session, "logits");
        var normalizeSamples = metadata.GetValueOrDefault("normalize_samples") is "1" or "true" or "True";
        var lfrWindow = IntMetadata(folder, metadata, "lfr_window_size") ?? 7;
        var lfrShift = IntMetadata(folder, metadata, "lfr_window_shift") ?? 6;
        if (family == ModelFamily.FunAsrNanoCtc)
        {
            return new SpeechModelDefinition
            {
                Family = ModelFamily.FunAsrNanoCtc,
                FolderPath = folder,
                OnnxPath = onnxPath,
                TokensPath = RequireFile(folder, "tokens.txt"),
                Signature = new ModelSignature("x", inputs.ContainsKey("x_length") ? "x_length" : null, null, null, "logits", null),
                // sherpa-onnx runs this export through its SenseVoice front end: snip_edges=true, padded LFR
                // (SOc offline-recognizer-sense-voice-impl.h InitFeatConfig).
                SnipEdges = true,
                ScaleToInt16 = !normalizeSamples,
                LfrWindow = lfrWindow,
                LfrShift = lfrShift,
                PrefixFrames = 0,
                // Blank is the last token unless the metadata says otherwise; resolved against the vocabulary in LoadTokens.
                BlankId = IntMetadata(folder, metadata, "blank_id") ?? -1,
                Languages = ["auto", .. ModelFamilyDetector.NanoLanguages(metadata.GetValueOrDefault("comment"))],
                Base64Tokens = true,
                MaxBatch = FixedBatch(inputs["x"]),
            };
        }

        RequireInputs(folder, session, "x", "x_length", "language", "text_norm");
        var negMean = metadata.GetValueOrDefault("neg_mean")
            ?? throw new ModelLoadException(ModelLoadFailure.InvalidContents, folder, $"{Path.GetFileName(onnxPath)} metadata lacks 'neg_mean' (CMVN)");
        var invStddev = metadata.GetValueOrDefault("inv_stddev")
            ?? throw new ModelLoadException(ModelLoadFailure.InvalidContents, folder, $"{Path.GetFileName(onnxPath)} metadata lacks 'inv_stddev' (CMVN)");
        var languages = new Dictionary<string, int>();
        foreach (var (key, value) in metadata)
        {
            if (key.StartsWith("lang_", StringComparison.Ordinal) && int.TryParse(value, CultureInfo.InvariantCulture, out var id))
            {
                languages[key["lang_".Length..]] = id;
            }
        }

        languages.TryAdd("auto", 0);
        return new SpeechModelDefinition
        {
            Family = ModelFamily.SenseVoiceSherpa,
            FolderPath = folder,
            OnnxPath = onnxPath,
            TokensPath = RequireFile(folder, "tokens.txt"),
            Cmvn = new CmvnSource.Metadata(negMean, invStddev),
            Signature = new ModelSignature("x", "x_length", "language", "text_norm", "logits", null),
            ScaleToInt16 = !normalizeSamples,
            LfrWindow = lfrWindow,
            LfrShift = lfrShift,
            PrefixFrames = 4,
            BlankId = IntMetadata(folder, metadata, "blank_id") ?? 0,
            LanguageIds = languages,
            Languages = OfferedLanguages(languages.Keys),
            WithItnId = IntMetadata(folder, metadata, "with_itn") ?? FunAsrWithItn,
            WithoutItnId = IntMetadata(folder, metadata, "without_itn") ?? FunAsrWithoutItn,
            MaxBatch = FixedBatch(inputs["x"]),
        };
    }

    private static TokenTable LoadTokens(SpeechModelDefinition definition)
    {
        try
        {
            return Path.GetExtension(definition.TokensPath).ToLowerInvariant() switch
            {
                ".json" => TokenTable.LoadJson(definition.TokensPath),
                ".model" => TokenTable.LoadSentencePiece(definition.TokensPath),
                _ => TokenTable.LoadText(definition.TokensPath, definition.Base64Tokens),
            };
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException or IOException)
        {
            throw new ModelLoadException(ModelLoadFailure.InvalidContents, definition.FolderPath,
                $"{Path.GetFileName(definition.TokensPath)} is unreadable: {ex.Message}", ex);
        }
    }

    private static Cmvn? LoadCmvn(SpeechModelDefinition definition)
    {
        try
        {
            var cmvn = definition.Cmvn switch
            {
                CmvnSource.AmMvnFile file => Cmvn.LoadKaldiNnet(file.Path),
                CmvnSource.Metadata metadata => Cmvn.FromMetadata(metadata.NegMean, metadata.InvStddev),
                _ => null,
            };
            if (cmvn is not null && cmvn.Dimension != definition.FeatureDimension)
            {
                throw new FormatException($"it has {cmvn.Dimension} values per row, the model takes {definition.FeatureDimension}");
            }

            return cmvn;
        }
        catch (Exception ex) when (ex is FormatException or IOException or InvalidDataException)
        {
            var source = definition.Cmvn is CmvnSource.AmMvnFile file ? Path.GetFileName(file.Path) : "neg_mean/inv_stddev metadata";
            throw new ModelLoadException(ModelLoadFailure.InvalidContents, definition.FolderPath, $"CMVN from {source} is unusable: {ex.Message}", ex);
        }
    }

    private static void Validate(SpeechModelDefinition definition, TokenTable tokens, InferenceSession session)
    {
        var metadata = session.ModelMetadata.CustomMetadataMap;
        var vocab = session.OutputMetadata[definition.Signature.Logits].Dimensions is { Length: 3 } dims && dims[2] > 0 ? dims[2] : (int?)null;
        vocab ??= IntMetadata(definition.FolderPath, metadata, "vocab_size");
        if (vocab is { } v && v != tokens.Count)
        {
            throw new ModelLoadException(ModelLoadFailure.InvalidContents, definition.FolderPath,
                $"{Path.GetFileName(definition.TokensPath)} has {tokens.Count} tokens but {Path.GetFileName(definition.OnnxPath)} emits {v}");
        }

        if (definition.BlankId >= tokens.Count)
        {
            throw new ModelLoadException(ModelLoadFailure.InvalidContents, definition.FolderPath,
                $"blank id {definition.BlankId} is outside the {tokens.Count}-token vocabulary");
        }
    }

    /// <summary>"auto" then the language input's codes, without "nospeech" (an answer, not a request).</summary>
    private static string[] OfferedLanguages(IEnumerable<string> codes) =>
        ["auto", .. codes.Where(c => c is not ("auto" or "nospeech")).Order(StringComparer.Ordinal)];

    /// <summary>tokens.json (ModelScope iic/SenseVoiceSmall-onnx) or, in a folder exported from the Hugging Face copy, the SentencePiece model.</summary>
    private static string FunAsrTokens(string folder)
    {
        var json = Path.Combine(folder, "tokens.json");
        if (File.Exists(json))
        {
            return json;
        }

        var bpe = Path.Combine(folder, "chn_jpn_yue_eng_ko_spectok.bpe.model");
        return File.Exists(bpe) ? bpe : Directory.GetFiles(folder, "*.bpe.model").Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new ModelLoadException(ModelLoadFailure.MissingFile, folder,
                "Missing tokens.json (or the SentencePiece model chn_jpn_yue_eng_ko_spectok.bpe.model it is made from)");
    }

    private static string RequireFile(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        return File.Exists(path)
            ? path
            : throw new ModelLoadException(ModelLoadFailure.MissingFile, folder, $"Missing {name}");
    }

    private static void RequireInputs(string folder, InferenceSession session, params string[] names)
    {
        foreach (var name in names)
        {
            if (!session.InputMetadata.ContainsKey(name))
            {
                throw new ModelLoadException(ModelLoadFailure.MissingInput, folder,
                    $"The graph has no input '{name}' (inputs: {string.Join(", ", session.InputMetadata.Keys)})");
            }
        }
    }

    private static void RequireOutputs(string folder, InferenceSession session, params string[] names)
    {
        foreach (var name in names)
        {
            if (!session.OutputMetadata.ContainsKey(name))
            {
                throw new ModelLoadException(ModelLoadFailure.MissingOutput, folder,
                    $"The graph has no output '{name}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)})");
            }
        }
    }

    private static int? IntMetadata(string folder, IReadOnlyDictionary<string, string> metadata, string key)
    {
        if (!metadata.TryGetValue(key, out var text))
        {
            return null;
        }

        return int.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ModelLoadException(ModelLoadFailure.InvalidContents, folder, $"Metadata '{key}' is '{text}', not an integer");
    }

    private static int FixedBatch(NodeMetadata input) =>
        input.Dimensions is { Length: > 0 } dims && dims[0] > 0 ? dims[0] : int.MaxValue;
}
