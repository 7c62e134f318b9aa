using System.Buffers;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// Collects samples of unknown total length in pooled chunks, so a long stream is copied once
/// into its final array instead of being re-copied on every doubling.
/// </summary>
internal sealed class SampleAccumulator : IDisposable
{
    private const int ChunkLength = 1 << 16;
    private readonly List<float[]> _chunks = [];
    private int _lastChunkCount = ChunkLength;

    public long Count { get; private set; }

    public void Append(ReadOnlySpan<float> samples)
    {
        while (!samples.IsEmpty)
        {
            if (_lastChunkCount == ChunkLength)
            {
                _chunks.Add(ArrayPool<float>.Shared.Rent(ChunkLength));
                _lastChunkCount = 0;
            }

            var take = Math.Min(samples.Length, ChunkLength - _lastChunkCount);
            samples[..take].CopyTo(_chunks[^1].AsSpan(_lastChunkCount));
            _lastChunkCount += take;
            Count += take;
            samples = samples[take..];
        }
    }

    /// <summary>Space for up to <paramref name="length"/> samples at the end; commit what was written with <see cref="Advance"/>.</summary>
    public Span<float> GetSpan(int length)
    {
        if (_lastChunkCount == ChunkLength)
        {
            _chunks.Add(ArrayPool<float>.Shared.Rent(ChunkLength));
            _lastChunkCount = 0;
        }

        return _chunks[^1].AsSpan(_lastChunkCount, Math.Min(length, ChunkLength - _lastChunkCount));
    }

    public void Advance(int written)
    {
        _lastChunkCount += written;
        Count += written;
    }

    public float[] ToArray()
    {
        var result = new float[Count];
        var position = 0;
        for (var i = 0; i < _chunks.Count; i++)
        {
            var length = i == _chunks.Count - 1 ? _lastChunkCount : ChunkLength;
            _chunks[i].AsSpan(0, length).CopyTo(result.AsSpan(position));
            position += length;
        }

        return result;
    }

    public void Dispose()
    {
        foreach (var chunk in _chunks) ArrayPool<float>.Shared.Return(chunk);
        _chunks.Clear();
    }
}
