using System.Numerics.Tensors;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// <see cref="SincResampler"/> for input that arrives in pieces: keeps only the input the next outputs still need, so
/// hours of audio resample in a buffer of one piece. The output is <see cref="SincResampler.Process(ReadOnlySpan{float})"/>
/// over the whole input, to float rounding (the edges are summed over zero padding instead of skipping it).
/// </summary>
internal sealed class StreamingResampler(SincResampler resampler)
{
    // The buffer starts where the first output's taps do, before the first input sample, with zeros there.
    private float[] _buffer = new float[Math.Max(1024, 2 * resampler.TapCount)];
    private long _bufferStart = resampler.FirstTap(0);
    private int _count = -resampler.FirstTap(0);
    private long _received;
    private long _next;
    private long? _total;

    /// <summary>Takes the next piece of input.</summary>
    public void Append(ReadOnlySpan<float> input)
    {
        if (_total is not null) throw new InvalidOperationException("The input has already ended.");
        Compact();
        if (_count + input.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_count + input.Length, _buffer.Length * 2));
        }

        input.CopyTo(_buffer.AsSpan(_count));
        _count += input.Length;
        _received += input.Length;
    }

    /// <summary>
    /// Writes the outputs the input so far determines, up to <paramref name="output"/>'s length; with
    /// <paramref name="endOfInput"/> the input has ended and the last outputs are written too. Returns how many were written.
    /// </summary>
    public int Drain(Span<float> output, bool endOfInput)
    {
        if (endOfInput) _total ??= resampler.OutputLength(_received);
        var written = 0;
        while (written < output.Length && (_total is not { } total || _next < total))
        {
            var block = _next / resampler.Phases;
            var phase = (int)(_next % resampler.Phases);
            var start = block * resampler.InputStep + resampler.FirstTap(phase);
            var end = start + resampler.TapCount;
            if (end > _bufferStart + _count)
            {
                if (_total is null) break;
                PadWithZeros(end);
            }

            output[written++] = TensorPrimitives.Dot(_buffer.AsSpan((int)(start - _bufferStart), resampler.TapCount), resampler.Weights(phase));
            _next++;
        }

        return written;
    }

    private void PadWithZeros(long end)
    {
        var needed = (int)(end - _bufferStart);
        if (needed > _buffer.Length) Array.Resize(ref _buffer, needed);
        _buffer.AsSpan(_count, needed - _count).Clear();
        _count = needed;
    }

    /// <summary>Drops the input no output from <see cref="_next"/> on reads.</summary>
    private void Compact()
    {
        var nextStart = _next / resampler.Phases * resampler.InputStep + resampler.FirstTap((int)(_next % resampler.Phases));
        var drop = (int)Math.Min(_count, nextStart - _bufferStart);
        if (drop <= 0) return;
        _buffer.AsSpan(drop, _count - drop).CopyTo(_buffer);
        _count -= drop;
        _bufferStart += drop;
    }
}
