using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FunAsr.AsrService.Nano;

/// <summary>One decode's LLM state: feed embeddings at the next positions, get the greedy next token.</summary>
internal abstract class NanoDecoderState : IDisposable
{
    /// <summary>Positions used so far (prompt plus generated tokens).</summary>
    public int Position { get; protected set; }

    /// <summary>Runs <paramref name="length"/> embeddings (row-major, llm_dim each) and returns the argmax of the last position.</summary>
    public abstract int Run(ReadOnlySpan<float> embeddings, int length, RunOptions runOptions);

    public abstract void Dispose();

    /// <summary>Same as torch.argmax: the first index of the largest value.</summary>
    protected static int ArgMax(OrtValue logits, TensorElementType type, int offset, int vocab) =>
        type == TensorElementType.Float16
            ? TensorPrimitives.IndexOfMax(MemoryMarshal.Cast<Float16, Half>(logits.GetTensorDataAsSpan<Float16>()).Slice(offset, vocab))
            : TensorPrimitives.IndexOfMax(logits.GetTensorDataAsSpan<float>().Slice(offset, vocab));

    /// <summary>An input tensor of the graph's float type holding <paramref name="values"/>, in a reused buffer.</summary>
    protected static OrtValue FloatInput(ReadOnlySpan<float> values, TensorElementType type, ref float[] floats, ref Float16[] halves, long[] shape)
    {
        if (type == TensorElementType.Float16)
        {
            if (halves.Length < values.Length)
            {
                halves = new Float16[values.Length];
            }

            TensorPrimitives.ConvertToHalf(values, MemoryMarshal.Cast<Float16, Half>(halves.AsSpan(0, values.Length)));
            return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<Float16>(halves, 0, values.Length), shape);
        }

        if (floats.Length < values.Length)
        {
            floats = new float[values.Length];
        }

        values.CopyTo(floats);
        return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(floats, 0, values.Length), shape);
    }
}

/// <summary>What the loader read from a decoder graph: how to make a state and how far it reaches.</summary>
internal interface INanoDecoderContract
{
    int NumLayers { get; }

    int VocabSize { get; }

    /// <summary>Most positions (prompt + generated) the graph can hold.</summary>
    int MaxPositions { get; }

    /// <summary>Element type of the KV cache, as the graph declares it.</summary>
    TensorElementType CacheType { get; }
}

/// <summary>
/// Export A, sherpa-onnx / Wasser1462 KV delta: inputs_embeds [B,S,D], attention_mask i64 [B,past+S], cache_position
/// i64 [S], cache_key_i / cache_value_i [B,max_total_len,kv_heads,head_dim] → logits [B,S,V], key_delta_i /
/// value_delta_i [B,S,kv_heads,head_dim] written at cache_position by the caller (WS scripts/qwen.py forward,
/// export_llm_onnx.py export_unified_llm_kv_delta). Every dtype is read from the graph: the fp16 archive keeps
/// inputs_embeds and logits float32 and only caches and deltas float16, whatever io_dtype says.
/// </summary>
internal sealed class KvDeltaContract : INanoDecoderContract
{
    public const string InputsEmbeds = "inputs_embeds";
    public const string AttentionMask = "attention_mask";
    public const string CachePosition = "cache_position";

    private KvDeltaContract(InferenceSession llm, int layers, int maxTotal, int kvHeads, int headDim, int vocab, int dim,
        TensorElementType cacheType, TensorElementType embedsType, TensorElementType logitsType)
    {
        Session = llm;
        NumLayers = layers;
        MaxPositions = maxTotal;
        VocabSize = vocab;
        CacheType = cacheType;
        EmbedsType = embedsType;
        LogitsType = logitsType;
        Dim = dim;
        KvHeads = kvHeads;
        HeadDim = headDim;
        InputNames = [InputsEmbeds, AttentionMask, CachePosition,
            .. Enumerable.Range(0, layers).SelectMany(l => new[] { $"cache_key_{l}", $"cache_value_{l}" })];
        OutputNames = ["logits", .. Enumerable.Range(0, layers).SelectMany(l => new[] { $"key_delta_{l}", $"value_delta_{l}" })];
    }

    public InferenceSession Session { get; }

    /// <summary>inputs_embeds, attention_mask, cache_position, then cache_key_i / cache_value_i by layer.</summary>
    public string[] InputNames { get; }

    /// <summary>logits, then key_delta_i / value_delta_i by layer (the cache order).</summary>
    public string[] OutputNames { get; }

    public TensorElementType EmbedsType { get; }

    public TensorElementType LogitsType { get; }

    public int Dim { get; }

    public int NumLayers { get; }

    public int VocabSize { get; }

    public int MaxPositions { get; }

    public TensorElementType CacheType { get; }

    public int KvHeads { get; }

    public int HeadDim { get; }

    public static KvDeltaContract Read(InferenceSession llm, string path, int dim)
    {
        var meta = llm.ModelMetadata.CustomMetadataMap;
        var modelType = meta.GetValueOrDefault("model_type") ?? string.Empty;
        if (!modelType.Contains("kv_delta", StringComparison.Ordinal))
        {
            throw new NanoModelException($"'{path}' metadata model_type is '{modelType}'; the KV-delta export says '…kv_delta' (sherpa-onnx requires it too).");
        }

        var layers = llm.InputMetadata.Keys.Count(k => k.StartsWith("cache_key_", StringComparison.Ordinal));
        if (NanoGraph.OptionalInt(meta, path, "num_layers") is { } declared && declared != layers)
        {
            throw new NanoModelException($"'{path}' metadata says num_layers={declared} but the graph has {layers} cache_key_i inputs.");
        }

        if (layers == 0)
        {
            throw new NanoModelException($"'{path}' has no cache_key_i inputs (inputs: {string.Join(", ", llm.InputMetadata.Keys)}).");
        }

        var embeds = NanoGraph.Input(llm, path, "inputs_embeds", TensorElementType.Float, TensorElementType.Float16);
        NanoGraph.LastDim(embeds, path, "inputs_embeds", dim);
        NanoGraph.Input(llm, path, "attention_mask", TensorElementType.Int64);
        NanoGraph.Input(llm, path, "cache_position", TensorElementType.Int64);
        var first = NanoGraph.Input(llm, path, "cache_key_0", TensorElementType.Float, TensorElementType.Float16);
        var dims = first.Dimensions;
        if (dims.Length != 4)
        {
            throw new NanoModelException($"'{path}' input 'cache_key_0' has rank {dims.Length}; the KV-delta cache is [B,max_total_len,kv_heads,head_dim].");
        }

        int Dim(int axis, string key) => dims[axis] > 0 ? dims[axis]
            : NanoGraph.OptionalInt(meta, path, key) ?? throw new NanoModelException($"'{path}' cache axis {axis} is dynamic and metadata has no '{key}'.");
        var maxTotal = Dim(1, "max_total_len");
        var kvHeads = Dim(2, "num_kv_heads");
        var headDim = Dim(3, "head_dim");
        var cacheType = first.ElementDataType;
        for (var layer = 0; layer < layers; layer++)
        {
            foreach (var name in new[] { $"cache_key_{layer}", $"cache_value_{layer}" })
            {
                var input = NanoGraph.Input(llm, path, name, cacheType);
                if (!input.Dimensions.Skip(1).SequenceEqual(dims.Skip(1)))
                {
                    throw new NanoModelException($"'{path}' input '{name}' has shape [{string.Join(',', input.Dimensions)}]; cache_key_0 has [{string.Join(',', dims)}].");
                }
            }

            NanoGraph.Output(llm, path, $"key_delta_{layer}", cacheType);
            NanoGraph.Output(llm, path, $"value_delta_{layer}", cacheType);
        }

        var logits = NanoGraph.Output(llm, path, "logits", TensorElementType.Float, TensorElementType.Float16);
        var vocab = logits.Dimensions is { Length: 3 } l && l[2] > 0 ? l[2]
            : NanoGraph.OptionalInt(meta, path, "vocab_size") ?? throw new NanoModelException($"'{path}' logits have a dynamic vocabulary axis and metadata has no vocab_size.");
        return new KvDeltaContract(llm, layers, maxTotal, kvHeads, headDim, vocab, dim, cacheType, embeds.ElementDataType, logits.ElementDataType);
    }
}

/// <summary>
/// Export B, ManySpeech (DakeQQ's Dec-2025 layout): in_key_i f32 [B,kv_heads,1,head_dim,P], in_value_i f32
/// [B,kv_heads,1,P,head_dim], hidden_states [B,S,D], history_len i64[1], ids_len i64[1], attention_mask i8[1] →
/// out_key_i / out_value_i grown to P+S, logits [B,V] of the last position, kv_seq_len i64[1]; outputs by index
/// (keys 0..L-1, values L..2L-1, logits 2L, kv_seq_len 2L+1). attention_mask 1 applies the causal mask, which the
/// graph indexes from row 0, so it is 1 only for the prefill at history 0 (DQ Export_Fun_ASR_Nano.py@3f871bb
/// FUNASR_NANO_DECODER_MAIN.forward; ManySpeech OfflineProjOfFunAsrNanoLLM.DecodeBatch).
/// </summary>
internal sealed class GrowingCacheContract : INanoDecoderContract
{
    /// <summary>DQ's MAX_SEQ_LEN: the rotary and mask tables are cut to it in the graph, which does not say so.</summary>
    public const int DefaultMaxPositions = 1024;

    private readonly InferenceSession _decoder;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _dim;
    private readonly int _kvHeads;
    private readonly int _headDim;

    private GrowingCacheContract(InferenceSession decoder, int layers, int kvHeads, int headDim, int vocab, int dim)
    {
        _decoder = decoder;
        NumLayers = layers;
        VocabSize = vocab;
        _dim = dim;
        _kvHeads = kvHeads;
        _headDim = headDim;
        _inputNames = [.. Enumerable.Range(0, layers).Select(l => $"in_key_{l}"), .. Enumerable.Range(0, layers).Select(l => $"in_value_{l}"),
            "hidden_states", "history_len", "ids_len", "attention_mask"];
        _outputNames = [.. decoder.OutputNames];
    }

    public int NumLayers { get; }

    public int VocabSize { get; }

    public int MaxPositions => DefaultMaxPositions;

    public TensorElementType CacheType => TensorElementType.Float;

    public static GrowingCacheContract Read(InferenceSession decoder, string path, int dim)
    {
        var layers = decoder.InputMetadata.Keys.Count(k => k.StartsWith("in_key_", StringComparison.Ordinal));
        if (layers == 0 || decoder.InputMetadata.Keys.Count(k => k.StartsWith("in_value_", StringComparison.Ordinal)) != layers)
        {
            throw new NanoModelException($"'{path}' needs as many in_key_i as in_value_i inputs, at least one (inputs: {string.Join(", ", decoder.InputMetadata.Keys)}).");
        }

        var key = NanoGraph.Input(decoder, path, "in_key_0", TensorElementType.Float).Dimensions;
        var value = NanoGraph.Input(decoder, path, "in_value_0", TensorElementType.Float).Dimensions;
        if (key.Length != 5 || value.Length != 5 || key[1] <= 0 || key[3] <= 0 || value[1] != key[1] || value[4] != key[3])
        {
            throw new NanoModelException(
                $"'{path}' caches are in_key_0 [{string.Join(',', key)}], in_value_0 [{string.Join(',', value)}]; ManySpeech's are [B,kv_heads,1,head_dim,P] and [B,kv_heads,1,P,head_dim].");
        }

        for (var layer = 1; layer < layers; layer++)
        {
            NanoGraph.Input(decoder, path, $"in_key_{layer}", TensorElementType.Float);
            NanoGraph.Input(decoder, path, $"in_value_{layer}", TensorElementType.Float);
        }

        NanoGraph.LastDim(NanoGraph.Input(decoder, path, "hidden_states", TensorElementType.Float), path, "hidden_states", dim);
        NanoGraph.Input(decoder, path, "history_len", TensorElementType.Int64);
        NanoGraph.Input(decoder, path, "ids_len", TensorElementType.Int64);
        NanoGraph.Input(decoder, path, "attention_mask", TensorElementType.Int8);
        var outputs = decoder.OutputNames;
        if (outputs.Count != (2 * layers) + 2)
        {
            throw new NanoModelException($"'{path}' has {outputs.Count} outputs; {layers} layers give {2 * layers} caches, logits and kv_seq_len.");
        }

        var logits = decoder.OutputMetadata[outputs[2 * layers]];
        if (logits.ElementDataType != TensorElementType.Float || logits.Dimensions.Length != 2 || logits.Dimensions[1] <= 0)
        {
            throw new NanoModelException(
                $"'{path}' output {2 * layers} ('{outputs[2 * layers]}') is {logits.ElementDataType} [{string.Join(',', logits.Dimensions)}]; the last-position logits are float [B,V].");
        }

        return new GrowingCacheContract(decoder, layers, key[1], key[3], logits.Dimensions[1], dim);
    }

    public NanoDecoderState CreateState() => new State(this);

    private sealed class State(GrowingCacheContract c) : NanoDecoderState
    {
        private readonly long[] _history = [0];
        private readonly long[] _idsLength = [0];
        private readonly sbyte[] _mask = [1];
        private IDisposableReadOnlyCollection<OrtValue>? _last;
        private float[] _floats = [];
        private Float16[] _halves = [];

        public override int Run(ReadOnlySpan<float> embeddings, int length, RunOptions runOptions)
        {
            if (Position + length > c.MaxPositions)
            {
                throw new InvalidOperationException($"{Position + length} positions exceed the graph's {c.MaxPositions}.");
            }

            var owned = new List<OrtValue>();
            try
            {
                var inputs = new OrtValue[c._inputNames.Length];
                for (var i = 0; i < 2 * c.NumLayers; i++)
                {
                    if (_last is not null)
                    {
                        inputs[i] = _last[i];
                    }
                    else
                    {
                        long[] shape = i < c.NumLayers ? [1, c._kvHeads, 1, c._headDim, 0] : [1, c._kvHeads, 1, 0, c._headDim];
                        inputs[i] = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);
                        owned.Add(inputs[i]);
                    }
                }

                _history[0] = Position;
                _idsLength[0] = length;
                _mask[0] = (sbyte)(Position == 0 ? 1 : 0);
                var at = 2 * c.NumLayers;
                inputs[at] = FloatInput(embeddings[..(length * c._dim)], TensorElementType.Float, ref _floats, ref _halves, [1, length, c._dim]);
                inputs[at + 1] = OrtValue.CreateTensorValueFromMemory(_history, [1]);
                inputs[at + 2] = OrtValue.CreateTensorValueFromMemory(_idsLength, [1]);
                inputs[at + 3] = OrtValue.CreateTensorValueFromMemory(_mask, [1]);
                owned.AddRange(inputs[at..]);
                var outputs = c._decoder.Run(runOptions, c._inputNames, inputs, c._outputNames);
                var next = ArgMax(outputs[2 * c.NumLayers], TensorElementType.Float, 0, c.VocabSize);
                var kvLength = outputs[(2 * c.NumLayers) + 1].GetTensorDataAsSpan<long>()[0];
                _last?.Dispose();
                _last = outputs;
                Position = checked((int)kvLength);
                return next;
            }
            finally
            {
                owned.ForEach(v => v.Dispose());
            }
        }

        public override void Dispose() => _last?.Dispose();
    }
}

/// <summary>Graph checks shared by the Nano loaders; each failure names the file, the tensor and what was expected.</summary>
internal static class NanoGraph
{
    public static NodeMetadata Input(InferenceSession session, string path, string name, params TensorElementType[] types)
    {
        if (!session.InputMetadata.TryGetValue(name, out var input))
        {
            throw new NanoModelException($"'{path}' has no input '{name}' (inputs: {string.Join(", ", session.InputMetadata.Keys)}).");
        }

        return types.Contains(input.ElementDataType)
            ? input
            : throw new NanoModelException($"'{path}' input '{name}' is {input.ElementDataType}; expected {string.Join(" or ", types)}.");
    }

    public static NodeMetadata Output(InferenceSession session, string path, string name, params TensorElementType[] types)
    {
        if (!session.OutputMetadata.TryGetValue(name, out var output))
        {
            throw new NanoModelException($"'{path}' has no output '{name}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)}).");
        }

        return types.Contains(output.ElementDataType)
            ? output
            : throw new NanoModelException($"'{path}' output '{name}' is {output.ElementDataType}; expected {string.Join(" or ", types)}.");
    }

    public static void LastDim(NodeMetadata node, string path, string name, int expected)
    {
        var dims = node.Dimensions;
        if (dims.Length > 0 && dims[^1] > 0 && dims[^1] != expected)
        {
            throw new NanoModelException($"'{path}' '{name}' has last dimension {dims[^1]}; the embeddings have {expected}.");
        }
    }

    public static int? OptionalInt(IReadOnlyDictionary<string, string> meta, string path, string key)
    {
        if (!meta.TryGetValue(key, out var text))
        {
            return null;
        }

        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new NanoModelException($"'{path}' metadata '{key}'='{text}' is not a positive integer.");
    }
}
