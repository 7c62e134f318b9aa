using StackExchange.Redis;

namespace FunAsr.Messaging;

/// <summary>
/// The one definition of "Redis is not answering", shared by every service. A timeout (a paused or overloaded server:
/// StackExchange.Redis throws <see cref="RedisTimeoutException"/>, which is a <see cref="TimeoutException"/> and not a
/// <see cref="RedisException"/>) and a connection failure are the same fault: wait and try again, never fail work for
/// good and never answer 500. Server errors that only say "not now" (a server still loading its data, a replica
/// promoted, a script running too long) are outages too; every other server error (a wrong type, a missing group) is not.
/// </summary>
public static class RedisFault
{
    private static readonly string[] TransientServerErrors = ["LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS"];

    /// <summary>True when <paramref name="exception"/> means Redis is unreachable or not answering right now.</summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        RedisServerException server => TransientServerErrors.Any(prefix => server.Message.StartsWith(prefix, StringComparison.Ordinal)),
        // Connection failures, "no connection is available", a multiplexer that is closing.
        RedisException => true,
        // RedisTimeoutException, and the bounded waits callers put around commands of their own.
        TimeoutException => true,
        AggregateException { InnerExceptions.Count: > 0 } aggregate => aggregate.InnerExceptions.All(IsOutage),
        _ => false,
    };

    /// <summary>The consumer group (or the stream with it) no longer exists: recreate it, don't wait for it.</summary>
    public static bool IsMissingGroup(Exception exception) =>
        exception is RedisServerException server && server.Message.StartsWith("NOGROUP", StringComparison.Ordinal);

    /// <summary>
    /// Awaits a command for at most <paramref name="limit"/>: a paused server never answers, and a caller that has
    /// something better to do (serve a request without the cache, renew a lease in time) must not wait the client's
    /// whole timeout. Past the limit it throws <see cref="TimeoutException"/>, an outage.
    /// </summary>
    public static async Task<T> WithinAsync<T>(Task<T> command, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken = default)
    {
        try
        {
            return await command.WaitAsync(limit, time, cancellationToken);
        }
        catch (TimeoutException) when (!command.IsCompleted)
        {
            // The command completes (or fails) later on its own; observe it so its fault is not reported as unobserved.
            _ = command.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new TimeoutException($"Redis did not answer within {limit.TotalMilliseconds:0} ms.");
        }
    }

    /// <summary><see cref="WithinAsync{T}(Task{T}, TimeSpan, TimeProvider, CancellationToken)"/> for commands without a result.</summary>
    public static async Task WithinAsync(Task command, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken = default) =>
        await WithinAsync(command.ContinueWith(static t => { t.GetAwaiter().GetResult(); return true; }, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default), limit, time, cancellationToken);
}
