using FunAsr.AsrService.Inference;
using FunAsr.AsrService.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FunAsr.AsrService.Nano;

/// <summary>
/// A Fun-ASR-Nano LLM export loaded from the folder exactly as its archive unpacks (<see cref="ModelFamilyDetector"/>
/// says which): the audio encoder + adaptor, the token embedding, the decoder in one of its two contracts
/// (<see cref="KvDeltaContract"/>, <see cref="GrowingCacheContract"/>) and the Qwen3 tokenizer. Loading checks the
/// whole contract and fails with the file and the reason.
/// </summary>
public sealed class NanoLlmModel : IDisposable
{
    private const int FeatureDim = 560;

    /// <summary>Fun-ASR-Nano-2512 transcribes 中文/英文/日文 (FA README.md:35); MLT-Nano-2512 the 31 of <see cref="NanoPrompt.LanguageNames"/>.</summary>
    public static readonly IReadOnlyList<string> Nano2512Languages = ["zh", "en", "ja"];

    private readonly InferenceSession _encoder;
    private readonly InferenceSession? _adaptor;
    private readonly InferenceSession _embedding;
    private readonly InferenceSession _decoder;
    private readonly INanoDecoderContract _contract;
    private readonly string _embeddingInput;
    private readonly string _embeddingOutput;
    private readonly TensorElementType _embeddingOutputType;
    private readonly TensorElementType _idType;
    private readonly Lazy<KvDeltaBatchDecoder>? _batchDecoder;

    private NanoLlmModel(NanoLlmLayout layout, NanoTokenizer tokenizer, InferenceSession encoder, InferenceSession? adaptor,
        InferenceSession embedding, InferenceSession decoder, INanoDecoderContract contract, int dim, NanoLlmOptions options)
    {
        Layout = layout;
        Tokenizer = tokenizer;
        _encoder = encoder;
        _adaptor = adaptor;
        _embedding = embedding;
        _decoder = decoder;
        _contract = contract;
        LlmDim = dim;
        _embeddingInput = embedding.InputNames[0];
        _embeddingOutput = embedding.OutputNames[0];
        _embeddingOutputType = embedding.OutputMetadata[_embeddingOutput].ElementDataType;
        _idType = embedding.InputMetadata[_embeddingInput].ElementDataType;
        if (contract is KvDeltaContract kvDelta)
        {
            _batchDecoder = new Lazy<KvDeltaBatchDecoder>(() => new KvDeltaBatchDecoder(this, kvDelta, options.MaxBatchRows, options.MaxStallSteps));
        }
    }

    public NanoLlmLayout Layout { get; }

    public string Folder => Layout.Folder;

    public ModelFamily Family => Layout.Family;

    public NanoTokenizer Tokenizer { get; }

    public int LfrWindowSize { get; private init; } = 7;

    public int LfrWindowShift { get; private init; } = 6;

    /// <summary>False for every published export: samples are scaled to the int16 range before the fbank.</summary>
    public bool NormalizeSamples { get; private init; }

    public int LlmDim { get; }

    public int NumLayers => _contract.NumLayers;

    public int VocabSize => _contract.VocabSize;

    /// <summary>Most positions one segment's prompt and answer may take (max_total_len; 1024 for ManySpeech).</summary>
    public int MaxTotalLength => _contract.MaxPositions;

    /// <summary>The KV cache's element type, read from the graph (never from io_dtype metadata).</summary>
    public string CacheType => _contract.CacheType == TensorElementType.Float16 ? "float16" : "float32";

    /// <summary>True for Fun-ASR-MLT-Nano-2512.</summary>
    public bool Multilingual { get; private init; }

    /// <summary>ISO codes the prompt may name: zh/en/ja for Nano-2512, 31 for MLT-Nano-2512.</summary>
    public IReadOnlyList<string> Languages => Multilingual ? [.. NanoPrompt.LanguageNames.Keys] : Nano2512Languages;

    /// <summary>True when the folder holds a Nano LLM export (the factory routes on it).</summary>
    public static bool IsNanoLlmFolder(string path)
    {
        try
        {
            return Directory.Exists(path) && ModelFamilyDetector.Detect(path, preferQuantized: false) is NanoLlmLayout;
        }
        catch (ModelLoadException)
        {
            return false;
        }
    }

    public static NanoLlmModel Load(string folder, NanoLlmOptions? options = null, ILogger? logger = null)
    {
        ModelLayout layout;
        try
        {
            layout = ModelFamilyDetector.Detect(folder, (options ?? new NanoLlmOptions()).PreferQuantized);
        }
        catch (ModelLoadException e)
        {
            throw new NanoModelException(e.Message, e);
        }

        return layout is NanoLlmLayout nano
            ? Load(nano, options, logger)
            : throw new NanoModelException($"'{folder}' holds a CTC model, not a Fun-ASR-Nano LLM export.");
    }

    public static NanoLlmModel Load(NanoLlmLayout layout, NanoLlmOptions? options = null, ILogger? logger = null)
    {
        options ??= new NanoLlmOptions();
        logger ??= NullLogger.Instance;
        var tokenizer = NanoTokenizer.Load(layout.TokenizerFolder);
        var sessions = new List<InferenceSession>();
        try
        {
            var encoder = Open(layout.EncoderPath, options, logger, sessions, out var provider);
            if (!string.Equals(options.ExecutionProvider, provider, StringComparison.OrdinalIgnoreCase))
            {
                // CUDA did not start for the first graph (one log line): the other three go straight to CPU.
                options = options with { ExecutionProvider = "cpu" };
            }

            var adaptor = layout.AdaptorPath is null ? null : Open(layout.AdaptorPath, options, logger, sessions, out _);
            var embedding = Open(layout.EmbeddingPath, options, logger, sessions, out _);
            var decoder = Open(layout.DecoderPath, options, logger, sessions, out _);
            var model = Validate(layout, tokenizer, encoder, adaptor, embedding, decoder, options);
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
        if (_batchDecoder is { IsValueCreated: true })
        {
            _batchDecoder.Value.Dispose();
        }

        _encoder.Dispose();
        _adaptor?.Dispose();
        _embedding.Dispose();
        _decoder.Dispose();
    }

    /// <summary>The KV-delta export's shared batch decoder (created on first use); null for the growing-cache export.</summary>
    internal KvDeltaBatchDecoder? BatchDecoder => _batchDecoder?.Value;

    /// <summary>A per-call state of the growing-cache export, which cannot share calls across segments.</summary>
    internal NanoDecoderState CreateState() => _contract is GrowingCacheContract growing
        ? growing.CreateState()
        : throw new InvalidOperationException("The KV-delta export decodes through BatchDecoder.");

    internal InferenceSession EmbeddingSession => _embedding;

    internal string EmbeddingInputName => _embeddingInput;

    internal string EmbeddingOutputName => _embeddingOutput;

    internal TensorElementType EmbeddingIdType => _idType;

    internal TensorElementType EmbeddingOutputType => _embeddingOutputType;

    /// <summary>
    /// Runs the encoder (and adaptor) on LFR features and returns the audio embeddings the prompt takes, cut by the
    /// frame rule (<see cref="NanoPrompt.AudioTokenCount"/>): an encoder that returns all T_lfr frames gives its first
    /// ceil(T_lfr/8), one that already returns that many gives them all.
    /// </summary>
    internal float[] EncodeAudio(float[] features, int frames, RunOptions runOptions, bool keepAll, out int audioTokens)
    {
        using var x = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(features, 0, frames * FeatureDim), [1, frames, FeatureDim]);
        using var lengths = OrtValue.CreateTensorValueFromMemory(new long[] { frames }, [1]);
        IDisposableReadOnlyCollection<OrtValue> encoded = Family == ModelFamily.FunAsrNanoLlmKvDelta
            ? _encoder.Run(runOptions, ["x"], [x], ["encoder_out"])
            : _encoder.Run(runOptions, [.. _encoder.InputNames], _encoder.InputNames.Select(n => n == "speech" ? x : lengths).ToArray(), [.. _encoder.OutputNames]);
        try
        {
            if (_adaptor is not null)
            {
                var adapted = _adaptor.Run(runOptions, [.. _adaptor.InputNames],
                    _adaptor.InputNames.Select((_, i) => encoded[Math.Min(i, encoded.Count - 1)]).ToArray(), [.. _adaptor.OutputNames]);
                encoded.Dispose();
                encoded = adapted;
            }

            var output = encoded[0];
            var shape = output.GetTensorTypeAndShape().Shape;
            if (shape.Length != 3 || shape[2] != LlmDim)
            {
                throw new NanoModelException($"The audio encoder returned [{string.Join(',', shape)}]; expected [1,T,{LlmDim}] (llm_dim).");
            }

            audioTokens = keepAll ? (int)shape[1] : NanoPrompt.AudioTokenCount(frames, (int)shape[1]);
            var embeds = new float[audioTokens * LlmDim];
            CopyFloats(output, 0, embeds);
            return embeds;
        }
        finally
        {
            encoded.Dispose();
        }
    }

    /// <summary>Token embeddings for <paramref name="ids"/>, row-major, into <paramref name="destination"/>.</summary>
    internal void Embed(long[] ids, RunOptions runOptions, Span<float> destination)
    {
        using var input = _idType == TensorElementType.Int32
            ? OrtValue.CreateTensorValueFromMemory(ids.Select(i => checked((int)i)).ToArray(), [1, ids.Length])
            : OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]);
        using var outputs = _embedding.Run(runOptions, [_embeddingInput], [input], [_embeddingOutput]);
        CopyFloats(outputs[0], 0, destination);
    }

    private void CopyFloats(OrtValue source, int offset, Span<float> destination)
    {
        var type = source.GetTensorTypeAndShape().ElementDataType;
        if (type == TensorElementType.Float16)
        {
            System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(
                System.Runtime.InteropServices.MemoryMarshal.Cast<Float16, Half>(source.GetTensorDataAsSpan<Float16>()).Slice(offset, destination.Length), destination);
        }
        else
        {
            source.GetTensorDataAsSpan<float>().Slice(offset, destination.Length).CopyTo(destination);
        }
    }

    private static InferenceSession Open(string path, NanoLlmOptions options, ILogger logger, List<InferenceSession> opened, out string provider)
    {
        var inference = new InferenceOptions
        {
            IntraOpThreads = options.IntraOpThreads,
            ExecutionProvider = options.ExecutionProvider,
            CudaDeviceId = options.CudaDeviceId,
        };
        try
        {
            // By path, so ONNX Runtime finds an external-data file (llm.fp32.data) beside the graph.
            (var session, provider) = OnnxSessionFactory.Create(path, inference, logger);
            opened.Add(session);
            return session;
        }
        catch (OnnxRuntimeException e)
        {
            throw new NanoModelException($"'{path}' is not a loadable ONNX model: {e.Message}", e);
        }
    }

    private static NanoLlmModel Validate(NanoLlmLayout layout, NanoTokenizer tokenizer, InferenceSession encoder, InferenceSession? adaptor,
        InferenceSession embedding, InferenceSession decoder, NanoLlmOptions options)
    {
        var encoderPath = layout.EncoderPath;
        var encoderMeta = encoder.ModelMetadata.CustomMetadataMap;
        int lfrWindow = 7, lfrShift = 6;
        bool normalize = false;
        if (layout.Family == ModelFamily.FunAsrNanoLlmKvDelta)
        {
            if (encoderMeta.TryGetValue("model_type", out var encoderType) && encoderType != "sense_voice_encoder_adaptor")
            {
                throw new NanoModelException($"'{encoderPath}' has model_type '{encoderType}', expected 'sense_voice_encoder_adaptor'.");
            }

            NanoGraph.LastDim(NanoGraph.Input(encoder, encoderPath, "x", TensorElementType.Float), encoderPath, "x", FeatureDim);
            NanoGraph.Output(encoder, encoderPath, "encoder_out", TensorElementType.Float, TensorElementType.Float16);
            lfrWindow = NanoGraph.OptionalInt(encoderMeta, encoderPath, "lfr_window_size") ?? 7;
            lfrShift = NanoGraph.OptionalInt(encoderMeta, encoderPath, "lfr_window_shift") ?? 6;
            normalize = encoderMeta.TryGetValue("normalize_samples", out var n) && n.Trim() is "1" or "true" or "True";
        }
        else
        {
            NanoGraph.LastDim(NanoGraph.Input(encoder, encoderPath, "speech", TensorElementType.Float), encoderPath, "speech", FeatureDim);
            NanoGraph.Input(encoder, encoderPath, "speech_lengths", TensorElementType.Int64);
        }

        if (lfrWindow * 80 != FeatureDim)
        {
            throw new NanoModelException($"'{encoderPath}' metadata lfr_window_size={lfrWindow} does not give the {FeatureDim}-dim input the encoder takes.");
        }

        var embeddingPath = layout.EmbeddingPath;
        if (embedding.InputMetadata.Count != 1 || embedding.OutputMetadata.Count < 1)
        {
            throw new NanoModelException($"'{embeddingPath}' should map one input (token ids) to embeddings; it has inputs [{string.Join(", ", embedding.InputMetadata.Keys)}].");
        }

        var ids = NanoGraph.Input(embedding, embeddingPath, embedding.InputNames[0], TensorElementType.Int64, TensorElementType.Int32);
        var embeddings = NanoGraph.Output(embedding, embeddingPath, embedding.OutputNames[0], TensorElementType.Float, TensorElementType.Float16);
        var dim = embeddings.Dimensions is { Length: 3 } e && e[2] > 0 ? e[2]
            : NanoGraph.OptionalInt(embedding.ModelMetadata.CustomMetadataMap, embeddingPath, "hidden_size")
              ?? NanoGraph.OptionalInt(encoderMeta, encoderPath, "llm_dim")
              ?? throw new NanoModelException($"'{embeddingPath}' does not say its embedding size (no static last axis, no hidden_size metadata).");
        _ = ids;

        INanoDecoderContract contract = layout.Family == ModelFamily.FunAsrNanoLlmKvDelta
            ? KvDeltaContract.Read(decoder, layout.DecoderPath, dim)
            : GrowingCacheContract.Read(decoder, layout.DecoderPath, dim);
        if (tokenizer.Count > contract.VocabSize)
        {
            throw new NanoModelException(
                $"The tokenizer in '{layout.TokenizerFolder}' has {tokenizer.Count} tokens but '{layout.DecoderPath}' emits {contract.VocabSize} logits.");
        }

        return new NanoLlmModel(layout, tokenizer, encoder, adaptor, embedding, decoder, contract, dim, options)
        {
            LfrWindowSize = lfrWindow,
            LfrWindowShift = lfrShift,
            NormalizeSamples = normalize,
            Multilingual = ModelFamilyDetector.IsMultilingualNano(layout, encoderMeta),
        };
    }
}
