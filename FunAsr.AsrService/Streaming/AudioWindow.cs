namespace FunAsr.AsrService.Streaming;

/// <summary>
/// The stretch of a live stream still needed (the open utterance and a little before it), addressed by absolute
/// sample index. Trimming moves the kept audio to the front of one reused array, so a long stream's memory stays flat.
/// </summary>
public sealed class AudioWindow
{
    private float[] _buffer = new float[LiveProtocol.RequiredSampleRate * 4];
    private int _count;

    /// <summary>Absolute index of the first sample still held.</summary>
    public long Start { get; private set; }

    /// <summary>Absolute index one past the last sample received.</summary>
    public long End => Start + _count;

    public int Capacity => _buffer.Length;

    public void Append(ReadOnlySpan<float> samples)
    {
        if (_count + samples.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + samples.Length));
        }

        samples.CopyTo(_buffer.AsSpan(_count));
        _count += samples.Length;
    }

    /// <summary>Forgets everything before <paramref name="absoluteSample"/>.</summary>
    public void TrimBefore(long absoluteSample)
    {
        int drop = (int)Math.Clamp(absoluteSample - Start, 0, _count);
        if (drop == 0)
        {
            return;
        }

        _buffer.AsSpan(drop, _count - drop).CopyTo(_buffer);
        _count -= drop;
        Start += drop;
    }

    public ReadOnlySpan<float> Slice(long from, long to)
    {
        long first = Math.Max(from, Start);
        long last = Math.Min(to, End);
        return last <= first ? [] : _buffer.AsSpan((int)(first - Start), (int)(last - first));
    }
}
