using FunAsr.AsrService.Admission;

namespace FunAsr.AsrService.Audio;

/// <summary>
/// A seekable, read-only copy of a stream held in 1 MB blocks, each charged to a memory lease before it is taken and
/// given back on dispose: no doubling re-copies, no block larger than the large-object threshold needs.
/// </summary>
internal sealed class ChunkedMemoryStream(AdmissionLease memory) : Stream
{
    private const int BlockSize = 1 << 20;
    private readonly List<byte[]> _blocks = [];
    private long _length;
    private long _position;
    private long _charged;

    public async ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            var used = (int)(_length % BlockSize);
            if (_length == (long)_blocks.Count * BlockSize)
            {
                await memory.GrowAsync(BlockSize, cancellationToken).ConfigureAwait(false);
                _charged += BlockSize;
                _blocks.Add(GC.AllocateUninitializedArray<byte>(BlockSize));
            }

            var take = Math.Min(bytes.Length, BlockSize - used);
            bytes.Span[..take].CopyTo(_blocks[^1].AsSpan(used));
            _length += take;
            bytes = bytes[take..];
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _length || buffer.IsEmpty) return 0;
        var block = (int)(_position / BlockSize);
        var at = (int)(_position % BlockSize);
        var take = (int)Math.Min(Math.Min(buffer.Length, BlockSize - at), _length - _position);
        _blocks[block].AsSpan(at, take).CopyTo(buffer);
        _position += take;
        return take;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _length + offset,
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing && _charged > 0)
        {
            _blocks.Clear();
            memory.Shrink(_charged);
            _charged = 0;
        }

        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
