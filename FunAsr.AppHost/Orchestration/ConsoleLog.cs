using System.Threading.Channels;

namespace FunAsr.AppHost.Orchestration;

public sealed record ConsoleLine(long Sequence, DateTimeOffset Timestamp, string Text, bool IsError);

/// <summary>The newest lines a replica printed, with live subscribers for the dashboard's console view.</summary>
public sealed class ConsoleLog(int capacity)
{
    private readonly Queue<ConsoleLine> _lines = new();
    private readonly List<Channel<ConsoleLine>> _subscribers = [];
    private readonly Lock _gate = new();
    private long _sequence;

    public void Append(string text, bool isError, DateTimeOffset timestamp)
    {
        lock (_gate)
        {
            var line = new ConsoleLine(++_sequence, timestamp, text, isError);
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(line);
            }
        }
    }

    public IReadOnlyList<ConsoleLine> Snapshot(int last = int.MaxValue)
    {
        lock (_gate)
        {
            return _lines.Skip(Math.Max(0, _lines.Count - last)).ToList();
        }
    }

    /// <summary>The kept lines followed by every new one until <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<ConsoleLine> FollowAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ConsoleLine>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest });
        IReadOnlyList<ConsoleLine> backlog;
        lock (_gate)
        {
            backlog = _lines.ToList();
            _subscribers.Add(channel);
        }
        try
        {
            foreach (var line in backlog)
            {
                yield return line;
            }
            await foreach (var line in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return line;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }
}
