using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FunAsr.AsrService.Nano;

/// <summary>Element type of the LLM's float inputs and outputs (metadata io_dtype).</summary>
public enum NanoIoType
{
    Float32,
    Float16,
}

/// <summary>
/// A Fun-ASR-Nano LLM export (community / sherpa-onnx funasr_nano): encoder_adaptor.onnx, embedding.onnx, llm.onnx in the
/// KV-delta form, and the Qwen3 tokenizer files. Loading checks the whole contract and fails with the file and the reason.
/// </summary>
public sealed class NanoLlmModel : IDisposable
{
    public const string EncoderFile = "encoder_adaptor.onnx";
    public const string EmbeddingFile = "embedding.onnx";
    public const string LlmFile = "llm.onnx";

    private NanoLlmModel(string folder, NanoTokenizer tokenizer, InferenceSession encoder, InferenceSession embedding, InferenceSession llm)
    {
        Folder = folder;
        Tokenizer = tokenizer;
        Encoder = encoder;
        Embedding = embedding;
        Llm = llm;
    }

    public string Folder { get; }

    public NanoTokenizer Tokenizer { get; }

    internal InferenceSession Encoder { get; }

    internal InferenceSession Embedding { get; }

    internal InferenceSession Llm { get; }

    public int LfrWindowSize { get; private init; }

    public int LfrWindowShift { get; private init; }

    /// <summary>False for Nano: samples are scaled to the int16 range before the fbank.</summary>
    public bool NormalizeSamples { get; private init; }

    public int LlmDim { get; private init; }

    public int MaxTotalLength { get; private init; }

    public int NumLayers { get; private init; }

    public int NumKvHeads { get; private init; }

    public int HeadDim { get; private init; }

    public int VocabSize { get; private init; }

    public NanoIoType IoType { get; private init; }

    internal TensorElementType EncoderOutputType { get; private init; }

    internal TensorElementType EmbeddingOutputType { get; private init; }

    /// <summary>True when the folder holds the LLM export (the files the factory routes on).</summary>
    public static bool IsNanoLlmFolder(string path) =>
        Directory.Exists(path) && File.Exists(Path.Combine(path, LlmFile)) && File.Exists(Path.Combine(path, EncoderFile));

    public static NanoLlmModel Load(string folder, NanoLlmOptions? options = null)
    {
        options ??= new NanoLlmOptions();
        if (!Directory.Exists(folder))
        {
            throw new NanoModelException($"Fun-ASR-Nano model folder '{folder}' does not exist.");
        }

        foreach (var file in new[] { EncoderFile, EmbeddingFile, LlmFile })
        {
            if (!File.Exists(Path.Combine(folder, file)))
            {
                throw new NanoModelException(
                    $"Fun-ASR-Nano model folder '{folder}' has no {file}; the LLM export needs {EncoderFile}, {EmbeddingFile}, {LlmFile} and the Qwen3 tokenizer files.");
            }
        }

        var tokenizer = NanoTokenizer.Load(folder);
        var sessions = new List<InferenceSession>();
        try
        {
            var encoder = Open(folder, EncoderFile, options, sessions);
            var embedding = Open(folder, EmbeddingFile, options, sessions);
            var llm = Open(folder, LlmFile, options, sessions);
            var model = Validate(folder, tokenizer, encoder, embedding, llm);
            sessions.Clear();
            return model;
        }
        finally
        {
            sessions.ForEach(s => s.Dispose());
        }
    }

    public void Dispose()
    {
        Encoder.Dispose();
        Embedding.Dispose();
        Llm.Dispose();
    }

    internal static string CacheKeyName(int layer) => $"cache_key_{layer}";

    internal static string CacheValueName(int layer) => $"cache_value_{layer}";

    internal static string KeyDeltaName(int layer) => $"key_delta_{layer}";

    internal static string ValueDeltaName(int layer) => $"value_delta_{layer}";

    private static InferenceSession Open(string folder, string file, NanoLlmOptions options, List<InferenceSession> opened)
    {
        var path = Path.Combine(folder, file);
        using var sessionOptions = new Microsoft.ML.OnnxRuntime.SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        }

        try
        {
            var session = new InferenceSession(path, sessionOptions);
            opened.Add(session);
            return session;
        }
        catch (OnnxRuntimeException e)
        {
            throw new NanoModelException($"'{path}' is not a loadable ONNX model: {e.Message}", e);
        }
    }

    private static NanoLlmModel Validate(string folder, NanoTokenizer tokenizer, InferenceSession encoder, InferenceSession embedding, InferenceSession llm)
    {
        var encoderPath = Path.Combine(folder, EncoderFile);
        var embeddingPath = Path.Combine(folder, EmbeddingFile);
        var llmPath = Path.Combine(folder, LlmFile);

        var encoderMeta = encoder.ModelMetadata.CustomMetadataMap;
        if (encoderMeta.TryGetValue("model_type", out var encoderType) && encoderType != "sense_voice_encoder_adaptor")
        {
            throw new NanoModelException($"'{encoderPath}' has model_type '{encoderType}', expected 'sense_voice_encoder_adaptor'.");
        }

        RequireInput(encoder, encoderPath, "x", TensorElementType.Float, lastDim: 560);
        var encoderOut = RequireOutput(encoder, encoderPath, "encoder_out");
        RequireInput(embedding, embeddingPath, "input_ids", TensorElementType.Int64);
        var embeddings = RequireOutput(embedding, embeddingPath, "embeddings");

        var llmMeta = llm.ModelMetadata.CustomMetadataMap;
        var ioType = ReadString(llmMeta, llmPath, "io_dtype") switch
        {
            "fp32" or "float32" or "float" => NanoIoType.Float32,
            "fp16" or "float16" => NanoIoType.Float16,
            var other => throw new NanoModelException($"'{llmPath}' metadata io_dtype='{other}' is not supported; use fp32 or fp16."),
        };
        var ioElement = ioType == NanoIoType.Float16 ? TensorElementType.Float16 : TensorElementType.Float;
        var model = new NanoLlmModel(folder, tokenizer, encoder, embedding, llm)
        {
            LfrWindowSize = ReadInt(encoderMeta, encoderPath, "lfr_window_size"),
            LfrWindowShift = ReadInt(encoderMeta, encoderPath, "lfr_window_shift"),
            NormalizeSamples = encoderMeta.TryGetValue("normalize_samples", out var normalize) && normalize.Trim() == "1",
            LlmDim = ReadInt(encoderMeta, encoderPath, "llm_dim"),
            MaxTotalLength = ReadInt(llmMeta, llmPath, "max_total_len"),
            NumLayers = ReadInt(llmMeta, llmPath, "num_layers"),
            NumKvHeads = ReadInt(llmMeta, llmPath, "num_kv_heads"),
            HeadDim = ReadInt(llmMeta, llmPath, "head_dim"),
            VocabSize = ReadInt(llmMeta, llmPath, "vocab_size"),
            IoType = ioType,
            EncoderOutputType = RequireFloatLike(encoderOut, encoderPath, "encoder_out"),
            EmbeddingOutputType = RequireFloatLike(embeddings, embeddingPath, "embeddings"),
        };

        var caches = llm.InputMetadata.Keys.Count(k => k.StartsWith("cache_key_", StringComparison.Ordinal));
        if (caches != model.NumLayers)
        {
            throw new NanoModelException(
                $"'{llmPath}' metadata says num_layers={model.NumLayers} but the graph has {caches} cache_key_i inputs.");
        }

        RequireInput(llm, llmPath, "inputs_embeds", ioElement, lastDim: model.LlmDim, ioType: ioType);
        RequireInput(llm, llmPath, "attention_mask", TensorElementType.Int64);
        RequireInput(llm, llmPath, "cache_position", TensorElementType.Int64);
        RequireOutputOfType(llm, llmPath, "logits", ioElement, ioType, lastDim: model.VocabSize);
        for (var layer = 0; layer < model.NumLayers; layer++)
        {
            foreach (var name in new[] { CacheKeyName(layer), CacheValueName(layer) })
            {
                var input = RequireInput(llm, llmPath, name, ioElement, ioType: ioType);
                var expected = new[] { -1, model.MaxTotalLength, model.NumKvHeads, model.HeadDim };
                var dims = input.Dimensions;
                if (dims.Length != 4 || Enumerable.Range(1, 3).Any(i => dims[i] > 0 && dims[i] != expected[i]))
                {
                    throw new NanoModelException(
                        $"'{llmPath}' input '{name}' has shape [{string.Join(',', dims)}]; metadata implies [B,{model.MaxTotalLength},{model.NumKvHeads},{model.HeadDim}].");
                }
            }

            RequireOutputOfType(llm, llmPath, KeyDeltaName(layer), ioElement, ioType);
            RequireOutputOfType(llm, llmPath, ValueDeltaName(layer), ioElement, ioType);
        }

        if (tokenizer.Count > model.VocabSize)
        {
            throw new NanoModelException(
                $"The tokenizer in '{folder}' has {tokenizer.Count} tokens but '{llmPath}' metadata vocab_size is {model.VocabSize}.");
        }

        return model;
    }

    private static NodeMetadata RequireInput(
        InferenceSession session, string path, string name, TensorElementType type, int lastDim = -1, NanoIoType? ioType = null)
    {
        if (!session.InputMetadata.TryGetValue(name, out var input))
        {
            throw new NanoModelException(
                $"'{path}' has no input '{name}' (inputs: {string.Join(", ", session.InputMetadata.Keys)}).");
        }

        if (input.ElementDataType != type)
        {
            var because = ioType is { } io ? $" because metadata io_dtype is {(io == NanoIoType.Float16 ? "fp16" : "fp32")}" : "";
            throw new NanoModelException($"'{path}' input '{name}' is {input.ElementDataType}; expected {type}{because}.");
        }

        var dims = input.Dimensions;
        if (lastDim > 0 && dims.Length > 0 && dims[^1] > 0 && dims[^1] != lastDim)
        {
            throw new NanoModelException($"'{path}' input '{name}' has last dimension {dims[^1]}, expected {lastDim}.");
        }

        return input;
    }

    private static NodeMetadata RequireOutput(InferenceSession session, string path, string name) =>
        session.OutputMetadata.TryGetValue(name, out var output)
            ? output
            : throw new NanoModelException(
                $"'{path}' has no output '{name}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)}).");

    private static void RequireOutputOfType(
        InferenceSession session, string path, string name, TensorElementType type, NanoIoType ioType, int lastDim = -1)
    {
        var output = RequireOutput(session, path, name);
        if (output.ElementDataType != type)
        {
            throw new NanoModelException(
                $"'{path}' output '{name}' is {output.ElementDataType}; expected {type} because metadata io_dtype is {(ioType == NanoIoType.Float16 ? "fp16" : "fp32")}.");
        }

        var dims = output.Dimensions;
        if (lastDim > 0 && dims.Length > 0 && dims[^1] > 0 && dims[^1] != lastDim)
        {
            throw new NanoModelException($"'{path}' output '{name}' has last dimension {dims[^1]}, but metadata vocab_size is {lastDim}.");
        }
    }

    private static TensorElementType RequireFloatLike(NodeMetadata node, string path, string name) =>
        node.ElementDataType is TensorElementType.Float or TensorElementType.Float16
            ? node.ElementDataType
            : throw new NanoModelException($"'{path}' output '{name}' is {node.ElementDataType}; expected Float or Float16.");

    private static string ReadString(Dictionary<string, string> meta, string path, string key) =>
        meta.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : throw new NanoModelException($"'{path}' has no metadata '{key}' (it has: {string.Join(", ", meta.Keys)}).");

    private static int ReadInt(Dictionary<string, string> meta, string path, string key)
    {
        var text = ReadString(meta, path, key);
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new NanoModelException($"'{path}' metadata '{key}'='{text}' is not a positive integer.");
    }
}
