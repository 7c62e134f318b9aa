using System.Numerics.Tensors;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// Where both decoders put their 16 kHz output: every chunk is checked (no NaN or infinity reaches the engine), counted
/// against the duration limit and measured for its peak before it goes to the caller's handler.
/// </summary>
internal sealed class DecodedSampleWriter(AudioChunkHandler handler, long maxSamples)
{
    public long MaxSamples { get; } = maxSamples;

    public long Count { get; private set; }

    public float Peak { get; private set; }

    /// <summary>False, without passing the chunk on, once the output would go past <see cref="MaxSamples"/>.</summary>
    public async ValueTask<bool> WriteAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
    {
        if (samples.IsEmpty) return true;
        if (Count + samples.Length > MaxSamples)
        {
            Count += samples.Length;
            return false;
        }

        var span = samples.Span;
        if (!TensorPrimitives.IsFiniteAll(span))
            throw new AudioDecodeException(AudioDecodeFailure.Undecodable, "The input holds NaN or infinite samples.");
        // MaxMagnitude keeps the sign of the sample it found.
        Peak = Math.Max(Peak, Math.Abs(TensorPrimitives.MaxMagnitude(span)));
        Count += samples.Length;
        await handler(samples, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
