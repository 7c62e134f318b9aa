using System.Threading.Channels;

namespace FunAsr.AsrService.Inference;

/// <summary>
/// Gathers segments from concurrent callers into shared ONNX Runtime runs: a gathering closes when it holds
/// <see cref="GatherFactor"/> × <see cref="BatchingOptions.MaxBatchSize"/> segments or
/// <see cref="BatchingOptions.MaxWaitMs"/> after its first segment arrived, and is run as length buckets
/// (<see cref="LengthBuckets"/>: at most MaxBatchSize segments and <see cref="BatchingOptions.MaxPaddingRatio"/> per run),
/// so segments of mixed lengths are not padded to the longest. At most <see cref="BatchingOptions.QueueCapacity"/>
/// segments wait; more are refused with <see cref="InferenceQueueFullException"/> instead of queueing without bound.
/// </summary>
public sealed class DynamicBatcher : IAcousticRunner, IAsyncDisposable
{
    /// <summary>Segments one gathering may hold per MaxBatchSize, so the buckets have lengths to choose from.</summary>
    public const int GatherFactor = 4;

    private readonly AcousticModel _model;
    private readonly BatchingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _worker;
    private int _queued;
    private long _batches;
    private long _segments;
    private int _largestBatch;

    public DynamicBatcher(AcousticModel model, BatchingOptions options, TimeProvider time, ILogger<DynamicBatcher> logger)
    {
        _model = model;
        _options = options;
        _time = time;
        _logger = logger;
        _worker = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Segments waiting now.</summary>
    public int QueueDepth => Volatile.Read(ref _queued);

    /// <summary>ONNX Runtime runs so far.</summary>
    public long BatchesRun => Interlocked.Read(ref _batches);

    public long SegmentsRun => Interlocked.Read(ref _segments);

    public int LargestBatch => Volatile.Read(ref _largestBatch);

    public async Task<IReadOnlyList<AcousticOutput>> RunAsync(IReadOnlyList<AcousticInput> inputs, CancellationToken cancellationToken)
    {
        if (inputs.Count == 0)
        {
            return [];
        }

        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (Interlocked.Add(ref _queued, inputs.Count) > _options.QueueCapacity)
        {
            Interlocked.Add(ref _queued, -inputs.Count);
            throw new InferenceQueueFullException(_options.QueueCapacity, inputs.Count);
        }

        EngineTelemetry.AddQueueDepth(inputs.Count);
        var completions = new Task<AcousticOutput>[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var pending = new Pending(inputs[i], cancellationToken);
            completions[i] = pending.Completion.Task;
            _queue.Writer.TryWrite(pending);
        }

        return await Task.WhenAll(completions);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(_options.MaxBatchSize * GatherFactor);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                await GatherAsync(batch);
                if (batch.Count > 0)
                {
                    RunBatch(batch);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }

        while (_queue.Reader.TryRead(out var left))
        {
            Dequeued(1);
            left.Completion.TrySetException(new ObjectDisposedException(nameof(DynamicBatcher), "The speech engine is shutting down"));
        }
    }

    private async Task GatherAsync(List<Pending> batch)
    {
        using var timer = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, timer.Token);
        var armed = false;
        while (batch.Count < _options.MaxBatchSize * GatherFactor)
        {
            if (_queue.Reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    Dequeued(1);
                    pending.Completion.TrySetCanceled(pending.CancellationToken);
                    continue;
                }

                batch.Add(pending);
                if (!armed)
                {
                    timer.CancelAfter(TimeSpan.FromMilliseconds(_options.MaxWaitMs));
                    armed = true;
                }

                continue;
            }

            if (batch.Count > 0 && _options.MaxWaitMs == 0)
            {
                return;
            }

            try
            {
                if (!await _queue.Reader.WaitToReadAsync(deadline.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void RunBatch(List<Pending> batch)
    {
        Dequeued(batch.Count);
        foreach (var bucket in LengthBuckets.Plan(batch.ConvertAll(p => p.Input.Frames), _options.MaxBatchSize, _options.MaxPaddingRatio))
        {
            var run = Array.ConvertAll(bucket, i => batch[i]);
            try
            {
                var outputs = _model.Run(Array.ConvertAll(run, p => p.Input), _stopping.Token, keepLogits: false);
                for (var i = 0; i < run.Length; i++)
                {
                    run[i].Completion.TrySetResult(outputs[i]);
                }
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Inference failed for a batch of {Count} segments", run.Length);
                foreach (var pending in run)
                {
                    pending.Completion.TrySetException(ex);
                }
            }

            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _segments, run.Length);
            EngineTelemetry.BatchSize.Record(run.Length);
            int largest;
            while (run.Length > (largest = Volatile.Read(ref _largestBatch))
                   && Interlocked.CompareExchange(ref _largestBatch, run.Length, largest) != largest)
            {
            }
        }
    }

    private void Dequeued(int count)
    {
        Interlocked.Add(ref _queued, -count);
        EngineTelemetry.AddQueueDepth(-count);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _worker;
        _stopping.Dispose();
    }

    private sealed record Pending(AcousticInput Input, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<AcousticOutput> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
