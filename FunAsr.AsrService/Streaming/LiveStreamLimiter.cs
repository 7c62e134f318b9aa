using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Streaming;

/// <summary>Counts open live streams against <see cref="LiveCaptionOptions.MaxConcurrentStreams"/>.</summary>
public sealed class LiveStreamLimiter(IOptions<LiveCaptionOptions> options)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _open) <= options.Value.MaxConcurrentStreams)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _open);
}
