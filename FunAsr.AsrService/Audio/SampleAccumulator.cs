using System.Runtime.InteropServices;
using FunAsr.AsrService.Admission;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// Collects samples of unknown total length in native chunks charged to a memory lease as they are taken, then copies
/// them once into the final array, freeing each chunk as soon as it is copied: the peak stays one copy of the audio plus
/// a chunk, where a growing array would re-copy on every doubling and pooled chunks would linger until a collection.
/// </summary>
internal sealed class SampleAccumulator(AdmissionLease lease) : IDisposable
{
    private const int ChunkLength = 1 << 18;
    private const long ChunkBytes = ChunkLength * sizeof(float);
    private readonly List<nint> _chunks = [];
    private int _lastChunkCount = ChunkLength;
    private long _charged;

    public long Count { get; private set; }

    public async ValueTask AppendAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken)
    {
        while (!samples.IsEmpty)
        {
            if (_lastChunkCount == ChunkLength)
            {
                await lease.GrowAsync(ChunkBytes, cancellationToken).ConfigureAwait(false);
                _charged += ChunkBytes;
                _chunks.Add(Allocate());
                _lastChunkCount = 0;
            }

            var take = Math.Min(samples.Length, ChunkLength - _lastChunkCount);
            samples.Span[..take].CopyTo(Chunk(_chunks.Count - 1)[_lastChunkCount..]);
            _lastChunkCount += take;
            Count += take;
            samples = samples[take..];
        }
    }

    /// <summary>
    /// The samples as one array; the chunks are freed on the way, so the accumulator is empty afterwards. The lease stays
    /// charged: the array now holds what the chunks did.
    /// </summary>
    public float[] ToArray()
    {
        var result = GC.AllocateUninitializedArray<float>(checked((int)Count));
        var position = 0;
        for (var i = 0; i < _chunks.Count; i++)
        {
            var length = i == _chunks.Count - 1 ? _lastChunkCount : ChunkLength;
            Chunk(i)[..length].CopyTo(result.AsSpan(position));
            position += length;
            Free(_chunks[i]);
            _chunks[i] = 0;
        }

        _chunks.Clear();
        _lastChunkCount = ChunkLength;
        Count = 0;
        _charged = 0;
        return result;
    }

    private static unsafe nint Allocate() => (nint)NativeMemory.Alloc(ChunkLength, sizeof(float));

    private static unsafe void Free(nint chunk) => NativeMemory.Free((void*)chunk);

    private unsafe Span<float> Chunk(int index) => new((void*)_chunks[index], ChunkLength);

    /// <summary>Frees what was not handed out and gives its charge back (a decode that failed half way).</summary>
    public void Dispose()
    {
        foreach (var chunk in _chunks)
        {
            if (chunk != 0) Free(chunk);
        }

        _chunks.Clear();
        lease.Shrink(_charged);
        _charged = 0;
    }
}
