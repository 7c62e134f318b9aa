using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FunAsr.Messaging;

/// <summary>
/// What one consumer of a stream has lately been able to do, for its health check: whether Redis answers its reads,
/// and when its consumer group was last found missing and recreated (the entries pending in the old group were lost
/// with it, so an operator should know, and the owning service re-queues what it can).
/// </summary>
public sealed class StreamConsumerStatus<THandler>(TimeProvider time)
    where THandler : class, IStreamEntryHandler
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _outageSince;
    private string? _outageReason;
    private DateTimeOffset? _groupRecreatedAt;
    private string? _stream;
    private string? _group;
    private bool _disabled;

    internal void Consuming(StreamConsumerOptions options)
    {
        lock (_gate)
        {
            (_stream, _group, _disabled) = (options.StreamName, options.ConsumerGroup, options.Workers == 0);
        }
    }

    internal void NoRedis()
    {
        lock (_gate)
        {
            (_outageSince, _outageReason) = (time.GetUtcNow(), "no Redis connection is configured (ConnectionStrings:cache)");
        }
    }

    internal void Answered()
    {
        lock (_gate)
        {
            (_outageSince, _outageReason) = (null, null);
        }
    }

    internal void Outage(Exception? exception)
    {
        lock (_gate)
        {
            _outageSince ??= time.GetUtcNow();
            _outageReason = exception?.Message ?? "not connected";
        }
    }

    internal void GroupRecreated()
    {
        lock (_gate)
        {
            _groupRecreatedAt = time.GetUtcNow();
        }
    }

    /// <summary>When the group was last recreated (null: never, since this process started).</summary>
    public DateTimeOffset? GroupRecreatedAt
    {
        get { lock (_gate) { return _groupRecreatedAt; } }
    }

    /// <summary>Healthy while consuming; Degraded while Redis does not answer, or for <paramref name="recoveryWindow"/> after the group was recreated.</summary>
    public HealthCheckResult Check(TimeSpan recoveryWindow)
    {
        lock (_gate)
        {
            if (_disabled)
            {
                return HealthCheckResult.Healthy($"stream {_stream} is not consumed here (0 workers)");
            }
            if (_stream is null)
            {
                return HealthCheckResult.Healthy("not consuming yet");
            }
            if (_outageSince is { } since)
            {
                return HealthCheckResult.Degraded(
                    $"stream {_stream} is not consumed: Redis has not answered since {since:u} ({_outageReason}); work waits and resumes when it does");
            }
            if (_groupRecreatedAt is { } recreated && time.GetUtcNow() - recreated < recoveryWindow)
            {
                return HealthCheckResult.Degraded(
                    $"consumer group {_group} of stream {_stream} was missing (the stream or group was deleted, or Redis lost its data) and was recreated at {recreated:u}; entries pending in it were lost with it");
            }
            return HealthCheckResult.Healthy($"consuming stream {_stream} in group {_group}");
        }
    }
}

/// <summary>The health check of one stream consumer (<see cref="StreamConsumerStatus{THandler}"/>).</summary>
internal sealed class StreamConsumerHealthCheck<THandler>(StreamConsumerStatus<THandler> status, Microsoft.Extensions.Options.IOptionsMonitor<StreamConsumerOptions> options)
    : IHealthCheck
    where THandler : class, IStreamEntryHandler
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(status.Check(options.Get(RedisStreamConsumer<THandler>.OptionsName).RecoveryReportWindow));
}
