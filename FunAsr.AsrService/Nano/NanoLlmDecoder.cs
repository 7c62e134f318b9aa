using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FunAsr.AsrService.Nano;

public enum NanoStopReason
{
    /// <summary>The model ended its turn (&lt;|im_end|&gt; or &lt;|endoftext|&gt;).</summary>
    EndOfTurn,
    MaxNewTokens,
    Repetition,
    /// <summary>The KV cache (metadata max_total_len) is full.</summary>
    ContextFull,
}

/// <summary>What one segment is asked: prompt options and generation limits.</summary>
public sealed record NanoDecodeSettings(IReadOnlyList<string> Hotwords, string? LanguageName, bool Itn, int MaxNewTokens, bool RepetitionGuard);

public sealed record NanoDecodeResult(
    IReadOnlyList<int> TokenIds,
    NanoStopReason StopReason,
    int PromptTokens,
    int AudioTokens,
    TimeSpan EncoderTime,
    TimeSpan PrefillTime,
    TimeSpan StepTime);

/// <summary>
/// Greedy decoding of one segment: LFR features → encoder_adaptor → first fake_token_len frames spliced into the
/// ChatML prompt → prefill → one token a step with the caller-owned KV cache (deltas written at cache_position).
/// Thread-safe: all state lives in the call.
/// </summary>
public sealed class NanoLlmDecoder(NanoLlmModel model)
{
    private const int FeatureDim = 560;

    public NanoLlmModel Model { get; } = model;

    public NanoDecodeResult Decode(float[] lfrFeatures, int frames, NanoDecodeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lfrFeatures);
        if (frames <= 0 || lfrFeatures.Length < frames * FeatureDim)
        {
            throw new ArgumentException($"Expected {frames} LFR frames of {FeatureDim} values, got {lfrFeatures.Length} values.", nameof(lfrFeatures));
        }

        return Model.IoType == NanoIoType.Float16
            ? new Run<Float16>(Model, settings, cancellationToken).Execute(lfrFeatures, frames)
            : new Run<float>(Model, settings, cancellationToken).Execute(lfrFeatures, frames);
    }

    /// <summary>One decode; T is float or Float16, the LLM's I/O element type.</summary>
    private sealed class Run<T>(NanoLlmModel model, NanoDecodeSettings settings, CancellationToken cancellationToken)
        where T : unmanaged
    {
        private readonly int _dim = model.LlmDim;
        private readonly int _vocab = model.VocabSize;
        private readonly int _maxTotal = model.MaxTotalLength;
        private readonly int _rowSize = model.NumKvHeads * model.HeadDim;
        private readonly string[] _llmInputs = ["inputs_embeds", "attention_mask", "cache_position",
            .. Enumerable.Range(0, model.NumLayers).SelectMany(l => new[] { NanoLlmModel.CacheKeyName(l), NanoLlmModel.CacheValueName(l) })];
        private readonly string[] _llmOutputs = ["logits",
            .. Enumerable.Range(0, model.NumLayers).SelectMany(l => new[] { NanoLlmModel.KeyDeltaName(l), NanoLlmModel.ValueDeltaName(l) })];

        public NanoDecodeResult Execute(float[] features, int frames)
        {
            using var runOptions = new RunOptions();
            using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
            var clock = Stopwatch.StartNew();

            using var encoderOutputs = RunSingle(model.Encoder, runOptions, "x",
                OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(features, 0, frames * FeatureDim), [1, frames, FeatureDim]),
                "encoder_out");
            var encoderOut = encoderOutputs[0];
            var encoderShape = encoderOut.GetTensorTypeAndShape().Shape;
            if (encoderShape.Length != 3 || encoderShape[2] != _dim)
            {
                throw new NanoModelException($"encoder_out has shape [{string.Join(',', encoderShape)}]; expected [1,T_out,{_dim}] (llm_dim).");
            }

            var audioTokens = (int)Math.Min(NanoPrompt.FakeTokenLength(frames), encoderShape[1]);
            var encoderTime = clock.Elapsed;

            var (beforeText, afterText) = NanoPrompt.ChatTemplate(settings.Hotwords, settings.LanguageName, settings.Itn);
            var before = model.Tokenizer.Encode(beforeText);
            var after = model.Tokenizer.Encode(afterText);
            var promptLength = before.Count + audioTokens + after.Count;
            if (promptLength >= _maxTotal)
            {
                throw new ArgumentException(
                    $"The prompt needs {promptLength} positions ({before.Count} text + {audioTokens} audio + {after.Count} text) but the model's max_total_len is {_maxTotal}; shorten the segment or the hotword list.");
            }

            var promptIds = new long[promptLength];
            for (var i = 0; i < before.Count; i++)
            {
                promptIds[i] = before[i];
            }

            promptIds.AsSpan(before.Count, audioTokens).Fill(model.Tokenizer.EndOfTextId);
            for (var i = 0; i < after.Count; i++)
            {
                promptIds[before.Count + audioTokens + i] = after[i];
            }

            var embeds = new T[promptLength * _dim];
            Embed(runOptions, promptIds, embeds);
            CopyConverted(encoderOut, model.EncoderOutputType, 0, embeds.AsSpan(before.Count * _dim, audioTokens * _dim));

            var keys = new T[model.NumLayers][];
            var values = new T[model.NumLayers][];
            var cacheValues = new List<OrtValue>(2 * model.NumLayers);
            try
            {
                long[] cacheShape = [1, _maxTotal, model.NumKvHeads, model.HeadDim];
                for (var layer = 0; layer < model.NumLayers; layer++)
                {
                    keys[layer] = new T[_maxTotal * _rowSize];
                    values[layer] = new T[_maxTotal * _rowSize];
                    cacheValues.Add(OrtValue.CreateTensorValueFromMemory(keys[layer], cacheShape));
                    cacheValues.Add(OrtValue.CreateTensorValueFromMemory(values[layer], cacheShape));
                }

                return Generate(runOptions, embeds, promptLength, keys, values, cacheValues, clock, encoderTime, audioTokens);
            }
            finally
            {
                cacheValues.ForEach(v => v.Dispose());
            }
        }

        private NanoDecodeResult Generate(
            RunOptions runOptions, T[] promptEmbeds, int promptLength, T[][] keys, T[][] values, List<OrtValue> caches,
            Stopwatch clock, TimeSpan encoderTime, int audioTokens)
        {
            var mask = new long[_maxTotal];
            mask.AsSpan().Fill(1);
            var positions = new long[_maxTotal];
            for (var i = 0; i < positions.Length; i++)
            {
                positions[i] = i;
            }

            var tokenEmbeds = new T[_dim];
            var oneId = new long[1];
            var generated = new List<int>();
            var embeds = promptEmbeds;
            var step = promptLength;
            var position = 0;
            var prefillTime = TimeSpan.Zero;
            NanoStopReason stop;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int next;
                using (var embedValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<T>(embeds, 0, step * _dim), [1, step, _dim]))
                using (var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<long>(mask, 0, position + step), [1, position + step]))
                using (var positionValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<long>(positions, position, step), [step]))
                {
                    OrtValue[] inputs = [embedValue, maskValue, positionValue, .. caches];
                    using var outputs = Guarded(() => model.Llm.Run(runOptions, _llmInputs, inputs, _llmOutputs));
                    next = ArgMaxRow(outputs[0], step - 1);
                    for (var layer = 0; layer < keys.Length; layer++)
                    {
                        WriteDelta(outputs[1 + (2 * layer)], keys[layer], position, step);
                        WriteDelta(outputs[2 + (2 * layer)], values[layer], position, step);
                    }
                }

                if (position == 0)
                {
                    prefillTime = clock.Elapsed - encoderTime;
                }

                position += step;
                if (next == model.Tokenizer.ImEndId || next == model.Tokenizer.EndOfTextId)
                {
                    stop = NanoStopReason.EndOfTurn;
                    break;
                }

                generated.Add(next);
                if (settings.RepetitionGuard && RepetitionGuard.KeepCount(generated) is { } keep)
                {
                    generated.RemoveRange(keep, generated.Count - keep);
                    stop = NanoStopReason.Repetition;
                    break;
                }

                if (generated.Count >= settings.MaxNewTokens)
                {
                    stop = NanoStopReason.MaxNewTokens;
                    break;
                }

                if (position + 1 > _maxTotal)
                {
                    stop = NanoStopReason.ContextFull;
                    break;
                }

                oneId[0] = next;
                Embed(runOptions, oneId, tokenEmbeds);
                embeds = tokenEmbeds;
                step = 1;
            }

            return new NanoDecodeResult(generated, stop, promptLength, audioTokens, encoderTime, prefillTime, clock.Elapsed - encoderTime - prefillTime);
        }

        private void Embed(RunOptions runOptions, long[] ids, Span<T> destination)
        {
            using var outputs = RunSingle(model.Embedding, runOptions, "input_ids",
                OrtValue.CreateTensorValueFromMemory(ids, [1, ids.Length]), "embeddings");
            CopyConverted(outputs[0], model.EmbeddingOutputType, 0, destination);
        }

        private IDisposableReadOnlyCollection<OrtValue> RunSingle(
            InferenceSession session, RunOptions runOptions, string inputName, OrtValue input, string outputName)
        {
            using (input)
            {
                return Guarded(() => session.Run(runOptions, [inputName], [input], [outputName]));
            }
        }

        private TResult Guarded<TResult>(Func<TResult> run)
        {
            try
            {
                return run();
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }

        private int ArgMaxRow(OrtValue logits, int row)
        {
            var offset = row * _vocab;
            // Same as torch.argmax: the first index of the largest value.
            return typeof(T) == typeof(Float16)
                ? TensorPrimitives.IndexOfMax(MemoryMarshal.Cast<Float16, Half>(logits.GetTensorDataAsSpan<Float16>().Slice(offset, _vocab)))
                : TensorPrimitives.IndexOfMax(logits.GetTensorDataAsSpan<float>().Slice(offset, _vocab));
        }

        private void WriteDelta(OrtValue delta, T[] cache, int position, int step) =>
            delta.GetTensorDataAsSpan<T>()[..(step * _rowSize)].CopyTo(cache.AsSpan(position * _rowSize));

        /// <summary>Copies a float or float16 tensor into the LLM's element type (round to nearest even, as torch's .half()).</summary>
        private static void CopyConverted(OrtValue source, TensorElementType sourceType, int offset, Span<T> destination)
        {
            if (sourceType == TensorElementType.Float)
            {
                var from = source.GetTensorDataAsSpan<float>().Slice(offset, destination.Length);
                if (typeof(T) == typeof(float))
                {
                    from.CopyTo(MemoryMarshal.Cast<T, float>(destination));
                }
                else
                {
                    TensorPrimitives.ConvertToHalf(from, MemoryMarshal.Cast<T, Half>(destination));
                }
            }
            else
            {
                var from = MemoryMarshal.Cast<Float16, Half>(source.GetTensorDataAsSpan<Float16>()).Slice(offset, destination.Length);
                if (typeof(T) == typeof(float))
                {
                    TensorPrimitives.ConvertToSingle(from, MemoryMarshal.Cast<T, float>(destination));
                }
                else
                {
                    from.CopyTo(MemoryMarshal.Cast<T, Half>(destination));
                }
            }
        }
    }
}
