namespace FunAsr.AsrService.Admission;

/// <summary>
/// A fixed amount of something the replica has (bytes of memory, decode slots) handed out in leases. A lease that
/// cannot be granted at once waits in line: leases growing (work already under way) are served before new arrivals,
/// each line in order, so a large request is not starved by small ones. A wait ends in
/// <see cref="AdmissionRejectedException"/> after <see cref="AdmissionOptions.MaxQueueWait"/>, or at once when the line is
/// full or the amount exceeds the whole pool.
/// </summary>
public sealed class AdmissionPool
{
    private readonly object _gate = new();
    private readonly LinkedList<Waiter> _growing = new();
    private readonly LinkedList<Waiter> _arriving = new();
    private readonly AdmissionOptions _options;
    private readonly AdmissionTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly Func<long, string> _describe;
    private long _inUse;

    internal AdmissionPool(string name, long capacity, Func<long, string> describe, AdmissionOptions options,
        AdmissionTelemetry telemetry, TimeProvider time)
    {
        Name = name;
        Capacity = capacity;
        _describe = describe;
        _options = options;
        _telemetry = telemetry;
        _time = time;
        telemetry.Observe(this);
    }

    /// <summary>"memory" or "decodes": the metric tag and the word in messages.</summary>
    public string Name { get; }

    public long Capacity { get; }

    public long InUse => Interlocked.Read(ref _inUse);

    public int Waiting
    {
        get
        {
            lock (_gate) return _growing.Count + _arriving.Count;
        }
    }

    /// <summary>
    /// Takes <paramref name="amount"/> now or after waiting in line. <paramref name="maxWait"/> overrides the configured
    /// wait for the first grant (a job may wait as long as it takes; growth always uses the configured wait).
    /// </summary>
    public async Task<AdmissionLease> AcquireAsync(long amount, CancellationToken cancellationToken, TimeSpan? maxWait = null)
    {
        await ReserveAsync(amount, held: 0, growing: false, maxWait ?? _options.MaxQueueWait, cancellationToken).ConfigureAwait(false);
        return new AdmissionLease(this, amount);
    }

    /// <param name="held">What the lease asking already holds: together past the whole pool, it can never be granted.</param>
    internal async ValueTask ReserveAsync(long amount, long held, bool growing, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        cancellationToken.ThrowIfCancellationRequested();
        if (amount == 0) return;
        if (held + amount > Capacity)
        {
            _telemetry.Rejected(this, "too_large");
            var needs = held == 0 ? _describe(amount) : "more than " + _describe(held);
            throw new AdmissionRejectedException(
                $"This needs {needs}, and the replica's whole {Name} budget is {_describe(Capacity)} ({AdmissionOptions.SectionName}); " +
                "it cannot run here.", retryAfter: null);
        }

        Waiter waiter;
        LinkedListNode<Waiter> node;
        lock (_gate)
        {
            var ahead = growing ? _growing.Count : _growing.Count + _arriving.Count;
            if (ahead == 0 && _inUse + amount <= Capacity)
            {
                _inUse += amount;
                return;
            }

            if (_growing.Count + _arriving.Count >= _options.MaxQueueLength && !growing)
            {
                _telemetry.Rejected(this, "queue_full");
                throw new AdmissionRejectedException(
                    $"The replica is at capacity ({_describe(_inUse)} of {_describe(Capacity)} {Name} in use, " +
                    $"{_growing.Count + _arriving.Count} waiting); retry shortly.", RetryAfter);
            }

            waiter = new Waiter(amount);
            node = (growing ? _growing : _arriving).AddLast(waiter);
        }

        var started = _time.GetTimestamp();
        using var timeout = maxWait == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(maxWait, _time);
        using var linked = timeout is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        await using (linked.Token.Register(() => Abandon(node)).ConfigureAwait(false))
        {
            try
            {
                await waiter.Granted.Task.ConfigureAwait(false);
                _telemetry.Waited(this, _time.GetElapsedTime(started));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _telemetry.Rejected(this, "timeout");
                throw new AdmissionRejectedException(
                    $"The replica stayed at capacity for {maxWait.TotalSeconds:0.#} s ({_describe(InUse)} of {_describe(Capacity)} " +
                    $"{Name} in use); retry shortly.", RetryAfter);
            }
        }
    }

    internal void Release(long amount)
    {
        if (amount <= 0) return;
        lock (_gate)
        {
            _inUse -= amount;
            GrantWaiting();
        }
    }

    internal TimeSpan GrowWait => _options.MaxQueueWait;

    private TimeSpan RetryAfter => TimeSpan.FromSeconds(Math.Clamp(_options.MaxQueueWait.TotalSeconds / 3, 1, 10));

    /// <summary>Called under the lock: hands out what is free, growing leases first, each line strictly in order.</summary>
    private void GrantWaiting()
    {
        foreach (var line in new[] { _growing, _arriving })
        {
            while (line.First is { } first && _inUse + first.Value.Amount <= Capacity)
            {
                _inUse += first.Value.Amount;
                line.RemoveFirst();
                first.Value.Granted.TrySetResult();
            }

            if (line.Count > 0) return;
        }
    }

    private void Abandon(LinkedListNode<Waiter> node)
    {
        lock (_gate)
        {
            // Granted already (and so no longer listed): the grant stands and the caller keeps it.
            if (node.List is null) return;
            node.List.Remove(node);
            node.Value.Granted.TrySetCanceled();
            // The one that left may have been holding up smaller requests behind it.
            GrantWaiting();
        }
    }

    private sealed class Waiter(long amount)
    {
        public long Amount { get; } = amount;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>An amount taken from an <see cref="AdmissionPool"/>; disposing gives it all back.</summary>
public sealed class AdmissionLease : IDisposable
{
    private readonly AdmissionPool _pool;
    private long _amount;
    private int _disposed;

    internal AdmissionLease(AdmissionPool pool, long amount)
    {
        _pool = pool;
        _amount = amount;
    }

    public long Amount => Interlocked.Read(ref _amount);

    /// <summary>Takes <paramref name="amount"/> more, ahead of new arrivals, waiting at most the configured queue wait.</summary>
    public async ValueTask GrowAsync(long amount, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _pool.ReserveAsync(amount, Amount, growing: true, _pool.GrowWait, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _amount, amount);
    }

    /// <summary>Gives back part of the lease early (a buffer freed before the work ends).</summary>
    public void Shrink(long amount)
    {
        amount = Math.Min(amount, Amount);
        Interlocked.Add(ref _amount, -amount);
        _pool.Release(amount);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _pool.Release(Interlocked.Exchange(ref _amount, 0));
    }
}
