using System.Buffers;
using System.Numerics.Tensors;
using FunAsr.AsrService.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FunAsr.AsrService.Inference;

/// <summary>One utterance's LFR(+CMVN) features, row-major [Frames, Dimension].</summary>
public sealed record AcousticInput(float[] Features, int Frames, int LanguageId = 0, int TextNormId = 15);

/// <summary>
/// One utterance's CTC output cut to its own length: the best-path id of every frame (the argmax, all that greedy
/// decoding reads) and, only when asked for, the raw logits row-major [Frames, Vocabulary]. Keeping only the ids spares
/// a copy of Frames x Vocabulary floats per segment (50 MB for 30 s of SenseVoice).
/// </summary>
public sealed record AcousticOutput(int[] BestPath, int Frames, int Vocabulary, float[]? Logits = null)
{
    public ReadOnlySpan<float> Frame(int index) =>
        (Logits ?? throw new InvalidOperationException("Logits were not kept; run the model with keepLogits.")).AsSpan(index * Vocabulary, Vocabulary);
}

/// <summary>
/// Runs a batch of utterances through the model's one session: pads features to the longest, passes the per-item
/// lengths, and cuts every item's logits back to its own output length. Thread-safe (ONNX Runtime sessions are).
/// </summary>
public sealed class AcousticModel(SpeechModel model)
{
    private readonly SpeechModelDefinition _definition = model.Definition;

    public SpeechModel Model { get; } = model;

    public int MaxBatch => _definition.MaxBatch;

    /// <summary>Runs <paramref name="batch"/> as padded runs of at most <see cref="MaxBatch"/>, in input order.</summary>
    public IReadOnlyList<AcousticOutput> Run(IReadOnlyList<AcousticInput> batch, CancellationToken cancellationToken, bool keepLogits = true)
    {
        ArgumentOutOfRangeException.ThrowIfZero(batch.Count);
        if (batch.Count > MaxBatch)
        {
            var results = new List<AcousticOutput>(batch.Count);
            for (var start = 0; start < batch.Count; start += MaxBatch)
            {
                results.AddRange(Run(batch.Skip(start).Take(MaxBatch).ToList(), cancellationToken, keepLogits));
            }

            return results;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var dim = _definition.FeatureDimension;
        var longest = Math.Max(1, batch.Max(item => item.Frames));
        var count = batch.Count;
        var padded = ArrayPool<float>.Shared.Rent(count * longest * dim);
        try
        {
            var features = padded.AsMemory(0, count * longest * dim);
            features.Span.Clear();
            for (var b = 0; b < count; b++)
            {
                var item = batch[b];
                if (item.Features.Length < item.Frames * dim)
                {
                    throw new ArgumentException($"Item {b} has {item.Features.Length} values for {item.Frames} frames of {dim}", nameof(batch));
                }

                item.Features.AsSpan(0, item.Frames * dim).CopyTo(features.Span.Slice(b * longest * dim));
            }

            var signature = _definition.Signature;
            var names = new List<string> { signature.Features };
            var values = new List<OrtValue>(4);
            using var releaseValues = new ValueScope(values);
            values.Add(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, features, [count, longest, dim]));
            AddIntInput(names, values, signature.FeatureLengths, batch.Select(item => item.Frames));
            AddIntInput(names, values, signature.Language, batch.Select(item => item.LanguageId));
            AddIntInput(names, values, signature.TextNorm, batch.Select(item => item.TextNormId));

            string[] outputNames = signature.LogitLengths is null ? [signature.Logits] : [signature.Logits, signature.LogitLengths];
            using var runOptions = new RunOptions();
            using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
            using var outputs = RunSession(names, values, outputNames, runOptions, cancellationToken);
            return SplitLogits(batch, outputs, keepLogits);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
        }
    }

    private IDisposableReadOnlyCollection<OrtValue> RunSession(
        List<string> names, List<OrtValue> values, string[] outputNames, RunOptions runOptions, CancellationToken cancellationToken)
    {
        try
        {
            return Model.Session.Run(runOptions, names, values, outputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("Inference was cancelled", cancellationToken);
        }
    }

    /// <summary>
    /// Runs <paramref name="batch"/> in runs of similar length (<see cref="LengthBuckets"/>: at most
    /// <paramref name="maxBatch"/> segments, longest over shortest at most <paramref name="maxPaddingRatio"/>), without
    /// keeping logits; outputs come back in input order.
    /// </summary>
    public AcousticOutput[] RunBucketed(IReadOnlyList<AcousticInput> batch, int maxBatch, double maxPaddingRatio, CancellationToken cancellationToken)
    {
        var outputs = new AcousticOutput[batch.Count];
        foreach (var run in LengthBuckets.Plan([.. batch.Select(b => b.Frames)], Math.Min(maxBatch, MaxBatch), maxPaddingRatio))
        {
            var results = Run([.. run.Select(i => batch[i])], cancellationToken, keepLogits: false);
            for (var i = 0; i < run.Length; i++)
            {
                outputs[run[i]] = results[i];
            }

            EngineTelemetry.BatchSize.Record(run.Length);
        }

        return outputs;
    }

    private List<AcousticOutput> SplitLogits(IReadOnlyList<AcousticInput> batch, IDisposableReadOnlyCollection<OrtValue> outputs, bool keepLogits)
    {
        var logits = outputs.First();
        var shape = logits.GetTensorTypeAndShape().Shape;
        var (frames, vocab) = ((int)shape[1], (int)shape[2]);
        var data = logits.GetTensorDataAsSpan<float>();
        var lengths = outputs.Count > 1 ? ReadLengths(outputs.ElementAt(1)) : null;
        var results = new List<AcousticOutput>(batch.Count);
        for (var b = 0; b < batch.Count; b++)
        {
            var length = (int)Math.Clamp(lengths?[b] ?? _definition.OutputFrames(batch[b].Frames), 0, frames);
            var own = data.Slice(b * frames * vocab, length * vocab);
            var path = new int[length];
            for (var f = 0; f < length; f++)
            {
                path[f] = TensorPrimitives.IndexOfMax(own.Slice(f * vocab, vocab));
            }

            results.Add(new AcousticOutput(path, length, vocab, keepLogits ? own.ToArray() : null));
        }

        return results;
    }

    private static long[] ReadLengths(OrtValue value) =>
        value.GetTensorTypeAndShape().ElementDataType switch
        {
            TensorElementType.Int32 => [.. value.GetTensorDataAsSpan<int>().ToArray().Select(v => (long)v)],
            TensorElementType.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
            var other => throw new InvalidDataException($"Output lengths of type {other} are not supported"),
        };

    private void AddIntInput(List<string> names, List<OrtValue> values, string? name, IEnumerable<int> data)
    {
        if (name is null)
        {
            return;
        }

        names.Add(name);
        var count = values[0].GetTensorTypeAndShape().Shape[0];
        var type = Model.Session.InputMetadata[name].ElementDataType;
        values.Add(type == TensorElementType.Int64
            ? OrtValue.CreateTensorValueFromMemory(data.Select(v => (long)v).ToArray(), [count])
            : OrtValue.CreateTensorValueFromMemory(data.ToArray(), [count]));
    }

    private readonly struct ValueScope(List<OrtValue> values) : IDisposable
    {
        public void Dispose()
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }
}
