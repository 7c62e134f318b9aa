namespace FunAsr.AsrService.Audio;

/// <summary>
/// Reads, front to back, a sequence of ranges of a seekable source and blocks of memory, as if they were one file:
/// a reordered MP4 without a second copy of its media data.
/// </summary>
internal sealed class SegmentedReadStream(Stream source, IReadOnlyList<SegmentedReadStream.Segment> segments) : Stream
{
    private const string Truncated = "The input ended before the range it was planned to hold.";
    private int _segment;
    private long _offset;

    /// <summary>Either <see cref="Length"/> bytes of the source from <see cref="SourceOffset"/>, or <see cref="Bytes"/>.</summary>
    public readonly record struct Segment(long SourceOffset, long Length, ReadOnlyMemory<byte> Bytes)
    {
        public static Segment Of(long sourceOffset, long length) => new(sourceOffset, length, ReadOnlyMemory<byte>.Empty);

        public static Segment Of(ReadOnlyMemory<byte> bytes) => new(-1, bytes.Length, bytes);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || NextSegment() is not { } segment) return 0;
        var take = (int)Math.Min(buffer.Length, segment.Length - _offset);
        int read;
        if (segment.SourceOffset < 0)
        {
            segment.Bytes.Span.Slice((int)_offset, take).CopyTo(buffer);
            read = take;
        }
        else
        {
            source.Position = segment.SourceOffset + _offset;
            read = source.Read(buffer[..take]);
            if (read == 0) throw new EndOfStreamException(Truncated);
        }

        _offset += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || NextSegment() is not { } segment) return 0;
        var take = (int)Math.Min(buffer.Length, segment.Length - _offset);
        int read;
        if (segment.SourceOffset < 0)
        {
            segment.Bytes.Slice((int)_offset, take).CopyTo(buffer);
            read = take;
        }
        else
        {
            source.Position = segment.SourceOffset + _offset;
            read = await source.ReadAsync(buffer[..take], cancellationToken).ConfigureAwait(false);
            if (read == 0) throw new EndOfStreamException(Truncated);
        }

        _offset += read;
        return read;
    }

    private Segment? NextSegment()
    {
        while (_segment < segments.Count && _offset >= segments[_segment].Length)
        {
            _segment++;
            _offset = 0;
        }

        return _segment < segments.Count ? segments[_segment] : null;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
