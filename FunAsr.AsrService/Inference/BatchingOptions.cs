using System.ComponentModel.DataAnnotations;

namespace FunAsr.AsrService.Inference;

/// <summary>Dynamic batching of segments from concurrent requests (configuration section <c>Asr:Batching</c>).</summary>
public sealed class BatchingOptions
{
    /// <summary>When false every request runs its own segments, batched only among themselves.</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 256)]
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>
    /// Longest over shortest segment in one run: segments are sorted by length and a run never pads beyond this
    /// (<see cref="LengthBuckets"/>), so mixed clip lengths do not turn batching into padding work.
    /// </summary>
    [Range(1.0, 100.0)]
    public double MaxPaddingRatio { get; set; } = 1.25;

    /// <summary>How long the first queued segment waits for others before its batch runs.</summary>
    [Range(0, 10_000)]
    public int MaxWaitMs { get; set; } = 10;

    /// <summary>Segments that may wait at once; beyond it callers get <see cref="InferenceQueueFullException"/>.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 512;
}

/// <summary>The batching queue is full; the API answers 429 with Retry-After.</summary>
public sealed class InferenceQueueFullException(int capacity, int requested)
    : Exception($"The inference queue is full ({capacity} segments waiting at most; this request needs {requested}). Retry shortly.")
{
    public int Capacity { get; } = capacity;

    public int Requested { get; } = requested;
}
