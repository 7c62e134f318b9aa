using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace FunAsr.AsrService.Nano;

/// <summary>What the batch decoder hands back for one segment.</summary>
internal sealed record NanoGeneration(IReadOnlyList<int> TokenIds, NanoStopReason StopReason, TimeSpan PrefillTime, TimeSpan StepTime);

/// <summary>Counters of the batch decoder's LLM calls, read by tests and benchmarks.</summary>
internal readonly record struct NanoBatchStats(long PrefillCalls, long StepCalls, long RowSteps, int LargestStep, long StepAllocatedBytes);

/// <summary>
/// Greedy decoding of concurrent segments in shared calls of the KV-delta LLM (<see cref="KvDeltaContract"/>). The
/// graph's cache_position is one vector for the whole batch (Wasser1462 qwen.py Qwen3UnifiedKvDelta; its own
/// batch_inference.py groups by prompt length for that reason), so one call advances the rows that stand at the same
/// position: the rows live in one KV pool per layer, kept in slot order by descending position, so rows at one position
/// are contiguous and the call's caches are views of the pool. The lowest group runs first, so shorter prompts catch up
/// with longer ones and merge with them (never more calls than stepping every row alone); a group that waited
/// <see cref="NanoLlmOptions.MaxStallSteps"/> calls runs next, which bounds the delay. Every row computes exactly what
/// a single-stream decode computes (same positions, same cache); only float graphs make that bit-identical, because an
/// int8 graph's DynamicQuantizeLinear takes one activation scale over the whole batch.
/// Per token nothing is allocated: inputs, outputs and bindings are made once per batch size and position and kept;
/// each call's key/value deltas land in per-batch-size output buffers and are copied into the pool in place.
/// </summary>
internal sealed unsafe class KvDeltaBatchDecoder : IDisposable
{
    private readonly NanoLlmModel _model;
    private readonly KvDeltaContract _c;
    private readonly int _maxRows;
    private readonly int _maxStall;
    private readonly int _positions;
    private readonly int _vocab;
    private readonly int _dim;
    private readonly long _rowBytes;
    private readonly long _slotBytes;
    private readonly int _cacheElementSize;
    private readonly int _logitsElementSize;
    private readonly int _embedsElementSize;
    private readonly int _layerBuffers;

    // Native memory: untouched pages of the pool stay virtual, so resident memory follows the positions in use.
    private readonly nint[] _pool;
    private readonly nint[] _deltas;
    private readonly nint _logits;
    private readonly nint _embeds;
    private readonly nint _embeddingScratch;
    private readonly nint _ids;
    private readonly nint _ones;
    private readonly nint _positionValues;

    private readonly OrtValue?[] _positionViews;
    private readonly Dictionary<long, OrtValue> _maskViews = [];
    private readonly Dictionary<int, StepBinding> _bindings = [];
    private readonly EmbeddingBinding?[] _embeddingBindings;
    private readonly RunOptions _runOptions = new();

    private readonly Lock _gate = new();
    private readonly Queue<Request> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly List<Row> _rows = [];
    private Thread? _worker;
    private volatile bool _stopping;
    private long _prefillCalls, _stepCalls, _rowSteps, _stepAllocated;
    private int _largestStep;

    public KvDeltaBatchDecoder(NanoLlmModel model, KvDeltaContract contract, int maxRows, int maxStall)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        _model = model;
        _c = contract;
        _maxRows = maxRows;
        _maxStall = Math.Max(1, maxStall);
        _positions = contract.MaxPositions;
        _vocab = contract.VocabSize;
        _dim = contract.Dim;
        _cacheElementSize = contract.CacheType == TensorElementType.Float16 ? 2 : 4;
        _logitsElementSize = contract.LogitsType == TensorElementType.Float16 ? 2 : 4;
        _embedsElementSize = contract.EmbedsType == TensorElementType.Float16 ? 2 : 4;
        _rowBytes = (long)contract.KvHeads * contract.HeadDim * _cacheElementSize;
        _slotBytes = _rowBytes * _positions;
        _layerBuffers = 2 * contract.NumLayers;
        _pool = new nint[_layerBuffers];
        _deltas = new nint[_layerBuffers];
        for (var i = 0; i < _layerBuffers; i++)
        {
            // One extra slot is the scratch row that reordering moves rows through.
            _pool[i] = (nint)NativeMemory.AllocZeroed((nuint)(_slotBytes * (maxRows + 1)));
            _deltas[i] = (nint)NativeMemory.Alloc((nuint)(_rowBytes * maxRows));
        }

        _logits = (nint)NativeMemory.Alloc((nuint)((long)_vocab * maxRows * _logitsElementSize));
        _embeds = (nint)NativeMemory.Alloc((nuint)((long)_dim * maxRows * _embedsElementSize));
        _embeddingScratch = (nint)NativeMemory.Alloc((nuint)((long)_dim * maxRows * 4));
        _ids = (nint)NativeMemory.Alloc((nuint)(8 * maxRows));
        _ones = (nint)NativeMemory.Alloc((nuint)(8L * maxRows * _positions));
        new Span<long>((void*)_ones, maxRows * _positions).Fill(1);
        _positionValues = (nint)NativeMemory.Alloc((nuint)(8L * _positions));
        var positions = new Span<long>((void*)_positionValues, _positions);
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i;
        }

        _positionViews = new OrtValue?[_positions];
        _embeddingBindings = new EmbeddingBinding?[maxRows + 1];
    }

    public int MaxRows => _maxRows;

    public NanoBatchStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new NanoBatchStats(_prefillCalls, _stepCalls, _rowSteps, _largestStep, _stepAllocated);
            }
        }
    }

    /// <summary>Decodes one prompt (row-major llm_dim embeddings) with the others in flight; blocks until it is done.</summary>
    public Task<NanoGeneration> GenerateAsync(float[] prompt, int length, NanoDecodeSettings settings, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (length >= _positions)
        {
            throw new ArgumentException($"The prompt needs {length} positions but the model holds {_positions}.", nameof(length));
        }

        var request = new Request(prompt, length, settings, cancellationToken);
        lock (_gate)
        {
            _queue.Enqueue(request);
            if (_worker is null)
            {
                _worker = new Thread(Work) { IsBackground = true, Name = "nano-llm-batch" };
                _worker.Start();
            }
        }

        _signal.Release();
        return request.Completion.Task;
    }

    private void Work()
    {
        while (!_stopping)
        {
            try
            {
                DropCancelled();
                Admit();
                if (_rows.Count == 0)
                {
                    _signal.Wait();
                    continue;
                }

                StepOneGroup();
            }
            catch (Exception e) when (!_stopping)
            {
                // A failed call fails the rows it carried (FailRows); anything else fails everyone rather than hanging.
                FailAll(e);
            }
        }

        FailAll(new ObjectDisposedException(nameof(KvDeltaBatchDecoder), "The Fun-ASR-Nano model is shutting down."));
    }

    private void DropCancelled()
    {
        var removed = false;
        for (var i = _rows.Count - 1; i >= 0; i--)
        {
            if (_rows[i].Request.CancellationToken.IsCancellationRequested)
            {
                _rows[i].Request.Completion.TrySetCanceled(_rows[i].Request.CancellationToken);
                _rows[i].Finished = true;
                removed = true;
            }
        }

        if (removed)
        {
            Compact();
        }
    }

    /// <summary>Takes waiting segments into free slots; segments with equal prompt lengths share one prefill call.</summary>
    private void Admit()
    {
        List<Request>? admitted = null;
        lock (_gate)
        {
            while (_queue.Count > 0 && _rows.Count + (admitted?.Count ?? 0) < _maxRows)
            {
                var next = _queue.Dequeue();
                if (next.CancellationToken.IsCancellationRequested)
                {
                    next.Completion.TrySetCanceled(next.CancellationToken);
                    continue;
                }

                (admitted ??= []).Add(next);
            }
        }

        if (admitted is null)
        {
            return;
        }

        foreach (var group in admitted.GroupBy(r => r.Length))
        {
            Prefill([.. group]);
        }

        Reorder();
    }

    private void Prefill(List<Request> group)
    {
        var count = group.Count;
        var length = group[0].Length;
        var first = _rows.Count;
        var started = Stopwatch.GetTimestamp();
        var values = new List<OrtValue>(3 + _layerBuffers);
        try
        {
            var embeds = PrefillEmbeddings(group, length);
            values.Add(embeds);
            values.Add(OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int64, [count, length], _ones, 8L * count * length));
            values.Add(OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int64, [length], _positionValues, 8L * length));
            var binding = Binding(first, count);
            values.AddRange(binding.Caches);
            using var outputs = _c.Session.Run(_runOptions, _c.InputNames, values, _c.OutputNames);
            var bytes = _rowBytes * length;
            for (var i = 0; i < _layerBuffers; i++)
            {
                fixed (byte* source = outputs[1 + i].GetTensorMutableRawData())
                {
                    for (var b = 0; b < count; b++)
                    {
                        Buffer.MemoryCopy(source + (b * bytes), (byte*)_pool[i] + ((first + b) * _slotBytes), bytes, bytes);
                    }
                }
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            var logitRows = (int)outputs[0].GetTensorTypeAndShape().Shape[1];
            fixed (byte* logits = outputs[0].GetTensorMutableRawData())
            {
                for (var b = 0; b < count; b++)
                {
                    var row = new Row(group[b], length, elapsed, Stopwatch.GetTimestamp()) { Slot = first + b };
                    _rows.Add(row);
                    Accept(row, ArgMax((nint)(logits + ((((long)b * logitRows) + logitRows - 1) * _vocab * _logitsElementSize))));
                }
            }

            lock (_gate)
            {
                _prefillCalls++;
            }
        }
        catch (Exception e)
        {
            foreach (var request in group)
            {
                request.Completion.TrySetException(e);
            }

            // Rows added before the failure are finished with the exception above.
            for (var i = _rows.Count - 1; i >= first; i--)
            {
                _rows[i].Finished = true;
            }
        }
        finally
        {
            // The cache views belong to the binding; only this call's own values are released.
            for (var i = 0; i < Math.Min(3, values.Count); i++)
            {
                values[i].Dispose();
            }
        }

        Compact();
    }

    private OrtValue PrefillEmbeddings(List<Request> group, int length)
    {
        var count = group.Count;
        var perRow = length * _dim;
        if (_c.EmbedsType == TensorElementType.Float16)
        {
            var halves = new Float16[count * perRow];
            for (var b = 0; b < count; b++)
            {
                TensorPrimitives.ConvertToHalf(group[b].Prompt.AsSpan(0, perRow), MemoryMarshal.Cast<Float16, Half>(halves.AsSpan(b * perRow, perRow)));
            }

            return OrtValue.CreateTensorValueFromMemory(halves, [count, length, _dim]);
        }

        var floats = count == 1 ? group[0].Prompt : new float[count * perRow];
        if (count > 1)
        {
            for (var b = 0; b < count; b++)
            {
                group[b].Prompt.AsSpan(0, perRow).CopyTo(floats.AsSpan(b * perRow));
            }
        }

        return OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<float>(floats, 0, count * perRow), [count, length, _dim]);
    }

    /// <summary>Runs one call for the group the policy picks: the lowest position, unless a group has waited too long.</summary>
    private void StepOneGroup()
    {
        int start = 0, count = 0, bestStart = -1, bestCount = 0, bestStall = -1;
        int lowestStart = 0, lowestCount = 0;
        while (start < _rows.Count)
        {
            count = 1;
            var stall = _rows[start].Stall;
            while (start + count < _rows.Count && _rows[start + count].Position == _rows[start].Position)
            {
                stall = Math.Max(stall, _rows[start + count].Stall);
                count++;
            }

            if (stall >= _maxStall && stall > bestStall)
            {
                (bestStart, bestCount, bestStall) = (start, count, stall);
            }

            (lowestStart, lowestCount) = (start, count);
            start += count;
        }

        if (bestStart < 0)
        {
            (bestStart, bestCount) = (lowestStart, lowestCount);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        Step(bestStart, bestCount);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        lock (_gate)
        {
            _stepCalls++;
            _rowSteps += bestCount;
            _largestStep = Math.Max(_largestStep, bestCount);
            _stepAllocated += allocated;
        }

        if (_rows.Exists(r => r.Finished))
        {
            Compact();
        }
    }

    private void Step(int first, int count)
    {
        var position = _rows[first].Position;
        try
        {
            var ids = new Span<long>((void*)_ids, count);
            for (var b = 0; b < count; b++)
            {
                ids[b] = _rows[first + b].Pending;
            }

            Embed(count);
            var binding = Binding(first, count);
            binding.Io.BindInput(KvDeltaContract.AttentionMask, Mask(count, position + 1));
            binding.Io.BindInput(KvDeltaContract.CachePosition, Position(position));
            _c.Session.RunWithBinding(_runOptions, binding.Io);
            for (var i = 0; i < _layerBuffers; i++)
            {
                var target = (byte*)_pool[i] + (position * _rowBytes);
                for (var b = 0; b < count; b++)
                {
                    Buffer.MemoryCopy((byte*)_deltas[i] + (b * _rowBytes), target + ((first + b) * _slotBytes), _rowBytes, _rowBytes);
                }
            }
        }
        catch (Exception e)
        {
            for (var b = 0; b < count; b++)
            {
                _rows[first + b].Request.Completion.TrySetException(e);
                _rows[first + b].Finished = true;
            }

            return;
        }

        for (var i = 0; i < _rows.Count; i++)
        {
            _rows[i].Stall++;
        }

        for (var b = 0; b < count; b++)
        {
            var row = _rows[first + b];
            row.Stall = 0;
            row.Position = position + 1;
            Accept(row, ArgMax(_logits + (nint)((long)b * _vocab * _logitsElementSize)));
        }
    }

    /// <summary>The shared stop rules on a new greedy token; a stopped row is completed and marked for removal.</summary>
    private void Accept(Row row, int next)
    {
        if (NanoLlmDecoder.Accept(row.Generated, next, row.Request.Settings, row.Position, _positions, _model.Tokenizer) is { } stop)
        {
            row.Finished = true;
            row.Request.Completion.TrySetResult(new NanoGeneration(row.Generated, stop, row.PrefillTime, Stopwatch.GetElapsedTime(row.PrefillEnd)));
            return;
        }

        row.Pending = next;
    }

    private int ArgMax(nint logits) => _logitsElementSize == 2
        ? TensorPrimitives.IndexOfMax(new ReadOnlySpan<Half>((void*)logits, _vocab))
        : TensorPrimitives.IndexOfMax(new ReadOnlySpan<float>((void*)logits, _vocab));

    /// <summary>Token embeddings of the pending ids straight into the LLM's inputs_embeds buffer.</summary>
    private void Embed(int count)
    {
        var binding = _embeddingBindings[count] ??= CreateEmbeddingBinding(count);
        if (_model.EmbeddingIdType == TensorElementType.Int32)
        {
            var ids = new Span<long>((void*)_ids, count);
            var narrow = new Span<int>((void*)binding.NarrowIds, count);
            for (var b = 0; b < count; b++)
            {
                narrow[b] = checked((int)ids[b]);
            }
        }

        _model.EmbeddingSession.RunWithBinding(_runOptions, binding.Io);
        if (binding.Convert)
        {
            var source = (byte*)_embeddingScratch;
            var elements = count * _dim;
            var target = _embeds;
            if (_model.EmbeddingOutputType == TensorElementType.Float16)
            {
                TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(source, elements), new Span<float>((void*)target, elements));
            }
            else
            {
                TensorPrimitives.ConvertToHalf(new ReadOnlySpan<float>(source, elements), new Span<Half>((void*)target, elements));
            }
        }
    }

    private EmbeddingBinding CreateEmbeddingBinding(int count)
    {
        var io = _model.EmbeddingSession.CreateIoBinding();
        var narrow = _model.EmbeddingIdType == TensorElementType.Int32 ? (nint)NativeMemory.Alloc((nuint)(4 * _maxRows)) : 0;
        var ids = narrow != 0
            ? OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int32, [count, 1], narrow, 4L * count)
            : OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int64, [count, 1], _ids, 8L * count);
        var convert = _model.EmbeddingOutputType != _c.EmbedsType;
        var output = convert
            ? OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, _model.EmbeddingOutputType, [count, 1, _dim], _embeddingScratch, 4L * count * _dim)
            : OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, _c.EmbedsType, [count, 1, _dim], _embeds, (long)_embedsElementSize * count * _dim);
        io.BindInput(_model.EmbeddingInputName, ids);
        io.BindOutput(_model.EmbeddingOutputName, output);
        return new EmbeddingBinding(io, ids, output, narrow, convert);
    }

    /// <summary>The cache views of slots [first, first+count) and, for decode steps, the bound per-batch-size buffers.</summary>
    private StepBinding Binding(int first, int count)
    {
        var key = (first * (_maxRows + 1)) + count;
        if (_bindings.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var caches = new OrtValue[_layerBuffers];
        var deltas = new OrtValue[_layerBuffers];
        long[] cacheShape = [count, _positions, _c.KvHeads, _c.HeadDim];
        long[] deltaShape = [count, 1, _c.KvHeads, _c.HeadDim];
        for (var i = 0; i < _layerBuffers; i++)
        {
            caches[i] = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, _c.CacheType, cacheShape, _pool[i] + (nint)(first * _slotBytes), _slotBytes * count);
            deltas[i] = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, _c.CacheType, deltaShape, _deltas[i], _rowBytes * count);
        }

        var embeds = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, _c.EmbedsType, [count, 1, _dim], _embeds, (long)_embedsElementSize * count * _dim);
        var logits = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, _c.LogitsType, [count, 1, _vocab], _logits, (long)_logitsElementSize * count * _vocab);
        var io = _c.Session.CreateIoBinding();
        io.BindInput(KvDeltaContract.InputsEmbeds, embeds);
        for (var i = 0; i < _layerBuffers; i++)
        {
            io.BindInput(_c.InputNames[3 + i], caches[i]);
            io.BindOutput(_c.OutputNames[1 + i], deltas[i]);
        }

        io.BindOutput(_c.OutputNames[0], logits);
        var binding = new StepBinding(io, caches, deltas, embeds, logits);
        _bindings[key] = binding;
        return binding;
    }

    private OrtValue Mask(int rows, int length)
    {
        var key = ((long)rows << 32) | (uint)length;
        if (!_maskViews.TryGetValue(key, out var view))
        {
            view = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int64, [rows, length], _ones, 8L * rows * length);
            _maskViews[key] = view;
        }

        return view;
    }

    private OrtValue Position(int position) =>
        _positionViews[position] ??= OrtValue.CreateTensorValueWithData(
            OrtMemoryInfo.DefaultInstance, TensorElementType.Int64, [1], _positionValues + (nint)(8L * position), 8);

    /// <summary>Drops finished rows and restores slot order.</summary>
    private void Compact()
    {
        if (_rows.RemoveAll(r => r.Finished) > 0 || !IsOrdered())
        {
            Reorder();
        }
    }

    private bool IsOrdered()
    {
        for (var i = 1; i < _rows.Count; i++)
        {
            if (_rows[i].Position > _rows[i - 1].Position || _rows[i].Slot != i)
            {
                return false;
            }
        }

        return _rows.Count == 0 || _rows[0].Slot == 0;
    }

    /// <summary>
    /// Sorts rows by descending position (stable) and moves each row's used cache region to its new slot, cycles going
    /// through the scratch slot, so every group of equal positions occupies contiguous slots.
    /// </summary>
    private void Reorder()
    {
        var ordered = _rows.OrderByDescending(r => r.Position).ThenBy(r => r.Slot < 0 ? int.MaxValue : r.Slot).ToList();
        var occupant = new Row?[_maxRows + 1];
        foreach (var row in ordered)
        {
            if (row.Slot >= 0)
            {
                occupant[row.Slot] = row;
            }
        }

        for (var target = 0; target < ordered.Count; target++)
        {
            ordered[target].Target = target;
        }

        var pending = ordered.Where(r => r.Slot != r.Target).ToList();
        while (pending.Count > 0)
        {
            var movable = pending.FindIndex(r => occupant[r.Target] is null || occupant[r.Target] == r);
            if (movable < 0)
            {
                // A cycle: park one row in the scratch slot to break it.
                var parked = pending[0];
                Move(parked, _maxRows);
                occupant[parked.Slot] = null;
                parked.Slot = _maxRows;
                continue;
            }

            var row = pending[movable];
            if (row.Slot >= 0 && row.Slot < _maxRows && occupant[row.Slot] == row)
            {
                occupant[row.Slot] = null;
            }

            Move(row, row.Target);
            row.Slot = row.Target;
            occupant[row.Target] = row;
            pending.RemoveAt(movable);
        }

        _rows.Clear();
        _rows.AddRange(ordered);
    }

    private void Move(Row row, int slot)
    {
        var bytes = _rowBytes * row.Position;
        for (var i = 0; i < _layerBuffers; i++)
        {
            var source = (byte*)_pool[i] + (row.Slot * _slotBytes);
            Buffer.MemoryCopy(source, (byte*)_pool[i] + (slot * _slotBytes), bytes, bytes);
        }
    }

    private void FailAll(Exception e)
    {
        foreach (var row in _rows)
        {
            row.Request.Completion.TrySetException(e);
        }

        _rows.Clear();
        lock (_gate)
        {
            while (_queue.Count > 0)
            {
                _queue.Dequeue().Completion.TrySetException(e);
            }
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _runOptions.Terminate = true;
        _signal.Release();
        _worker?.Join();
        FailAll(new ObjectDisposedException(nameof(KvDeltaBatchDecoder), "The Fun-ASR-Nano model is shutting down."));
        foreach (var binding in _bindings.Values)
        {
            binding.Dispose();
        }

        foreach (var binding in _embeddingBindings)
        {
            binding?.Dispose();
        }

        foreach (var view in _maskViews.Values)
        {
            view.Dispose();
        }

        foreach (var view in _positionViews)
        {
            view?.Dispose();
        }

        _runOptions.Dispose();
        _signal.Dispose();
        for (var i = 0; i < _layerBuffers; i++)
        {
            NativeMemory.Free((void*)_pool[i]);
            NativeMemory.Free((void*)_deltas[i]);
        }

        foreach (var buffer in new[] { _logits, _embeds, _embeddingScratch, _ids, _ones, _positionValues })
        {
            NativeMemory.Free((void*)buffer);
        }
    }

    private sealed class Request(float[] prompt, int length, NanoDecodeSettings settings, CancellationToken cancellationToken)
    {
        public float[] Prompt { get; } = prompt;

        public int Length { get; } = length;

        public NanoDecodeSettings Settings { get; } = settings;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<NanoGeneration> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Row(Request request, int position, TimeSpan prefillTime, long prefillEnd)
    {
        public Request Request { get; } = request;

        /// <summary>Positions in the cache; the pending token goes in at this position.</summary>
        public int Position { get; set; } = position;

        public int Pending { get; set; }

        /// <summary>Sized once, so appending a token never allocates.</summary>
        public List<int> Generated { get; } = new(request.Settings.MaxNewTokens + 1);

        public int Stall { get; set; }

        public int Slot { get; set; } = -1;

        public int Target { get; set; }

        public bool Finished { get; set; }

        public TimeSpan PrefillTime { get; } = prefillTime;

        public long PrefillEnd { get; } = prefillEnd;
    }

    private sealed record StepBinding(OrtIoBinding Io, OrtValue[] Caches, OrtValue[] Deltas, OrtValue Embeds, OrtValue Logits) : IDisposable
    {
        public void Dispose()
        {
            Io.Dispose();
            foreach (var value in Caches.Concat(Deltas).Append(Embeds).Append(Logits))
            {
                value.Dispose();
            }
        }
    }

    private sealed record EmbeddingBinding(OrtIoBinding Io, OrtValue Ids, OrtValue Output, nint NarrowIds, bool Convert) : IDisposable
    {
        public void Dispose()
        {
            Io.Dispose();
            Ids.Dispose();
            Output.Dispose();
            if (NarrowIds != 0)
            {
                NativeMemory.Free((void*)NarrowIds);
            }
        }
    }
}
