namespace FunAsr.AsrService.Audio;

/// <summary>
/// Reads bytes already taken from the input for sniffing, then the rest of the input, and counts
/// everything read, so format detection needs neither a seekable stream nor a temp file.
/// </summary>
internal sealed class ReplayReadStream(ReadOnlyMemory<byte> head, Stream rest) : Stream
{
    private ReadOnlyMemory<byte> _head = head;

    public long BytesRead { get; private set; }

    public bool ReachedEnd { get; private set; }

    /// <summary>What the underlying input threw (a broken upload), as opposed to ffmpeg refusing the data.</summary>
    public Exception? SourceFailure { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        var read = TakeHead(buffer);
        if (read == 0)
        {
            try
            {
                read = rest.Read(buffer);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SourceFailure = e;
                throw;
            }
        }

        return Count(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        var read = TakeHead(buffer.Span);
        if (read == 0)
        {
            try
            {
                read = await rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                SourceFailure = e;
                throw;
            }
        }

        return Count(read);
    }

    private int TakeHead(Span<byte> buffer)
    {
        if (_head.IsEmpty) return 0;
        var take = Math.Min(buffer.Length, _head.Length);
        _head.Span[..take].CopyTo(buffer);
        _head = _head[take..];
        return take;
    }

    private int Count(int read)
    {
        BytesRead += read;
        if (read == 0) ReachedEnd = true;
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
