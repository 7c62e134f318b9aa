namespace FunAsr.Security.Limits;

/// <summary>
/// The same rules as <see cref="RedisLimitStore"/> inside one process, for a single gateway without Redis (a
/// developer's machine, tests). Limits then hold per process only; the gateway logs so at start.
/// </summary>
public sealed class MemoryLimitStore(TimeProvider time) : ILimitStore
{
    private const int SweepEvery = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Used, DateTimeOffset Expires)> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _slots = new(StringComparer.Ordinal);
    private int _operations;

    public Task<LimitDecision> TryChargeAsync(string limit, IReadOnlyList<LimitSubject> subjects, long cost, TimeSpan window, CancellationToken cancellationToken = default) =>
        Task.FromResult(Charge(limit, subjects, cost, window, conditional: true));

    public Task<LimitDecision> ChargeAsync(string limit, IReadOnlyList<LimitSubject> subjects, long cost, TimeSpan window, CancellationToken cancellationToken = default) =>
        Task.FromResult(Charge(limit, subjects, cost, window, conditional: false));

    public Task<LimitDecision> PeekAsync(string limit, IReadOnlyList<LimitSubject> subjects, TimeSpan window, CancellationToken cancellationToken = default) =>
        Task.FromResult(Charge(limit, subjects, 0, window, conditional: true));

    public Task<LimitDecision> TryAcquireAsync(string limit, IReadOnlyList<LimitSubject> subjects, string leaseId, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        if (subjects.Count == 0)
        {
            return Task.FromResult(LimitDecision.Unlimited);
        }
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Sweep(now);
            var sets = subjects.Select(s => Slots($"{limit}:{s.Id}", now)).ToList();
            for (var i = 0; i < subjects.Count; i++)
            {
                if (!sets[i].ContainsKey(leaseId) && sets[i].Count >= subjects[i].Limit)
                {
                    var frees = sets[i].Values.Min() - now;
                    return Task.FromResult(new LimitDecision(false, subjects[i].Limit, 0, frees, subjects[i].Id));
                }
            }
            var tight = -1;
            long tightRemaining = long.MaxValue;
            for (var i = 0; i < subjects.Count; i++)
            {
                sets[i][leaseId] = now + ttl;
                var remaining = subjects[i].Limit - sets[i].Count;
                if (tight < 0 || remaining < tightRemaining)
                {
                    (tight, tightRemaining) = (i, remaining);
                }
            }
            return Task.FromResult(new LimitDecision(true, subjects[tight].Limit, tightRemaining, ttl, subjects[tight].Id));
        }
    }

    public Task RenewAsync(string limit, IReadOnlyList<LimitSubject> subjects, string leaseId, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var subject in subjects)
            {
                var set = Slots($"{limit}:{subject.Id}", now);
                if (set.ContainsKey(leaseId))
                {
                    set[leaseId] = now + ttl;
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string limit, IReadOnlyList<LimitSubject> subjects, string leaseId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var subject in subjects)
            {
                if (_slots.TryGetValue($"{limit}:{subject.Id}", out var set))
                {
                    set.Remove(leaseId);
                }
            }
        }
        return Task.CompletedTask;
    }

    private LimitDecision Charge(string limit, IReadOnlyList<LimitSubject> subjects, long cost, TimeSpan window, bool conditional)
    {
        if (subjects.Count == 0)
        {
            return LimitDecision.Unlimited;
        }
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Sweep(now);
            var keys = subjects.Select(s => $"{limit}:{s.Id}").ToArray();
            for (var i = 0; i < subjects.Count; i++)
            {
                var (used, expires) = Window(keys[i], now, window);
                if ((conditional && used + cost > subjects[i].Limit) || (cost == 0 && used >= subjects[i].Limit))
                {
                    return new LimitDecision(false, subjects[i].Limit, Math.Max(0, subjects[i].Limit - used), expires - now, subjects[i].Id);
                }
            }
            var tight = -1;
            long tightRemaining = long.MaxValue;
            var tightReset = window;
            for (var i = 0; i < subjects.Count; i++)
            {
                var (used, expires) = Window(keys[i], now, window);
                if (cost > 0)
                {
                    used += cost;
                    _windows[keys[i]] = (used, expires);
                }
                var remaining = subjects[i].Limit - used;
                if (tight < 0 || remaining < tightRemaining)
                {
                    (tight, tightRemaining, tightReset) = (i, remaining, expires - now);
                }
            }
            return new LimitDecision(tightRemaining >= 0, subjects[tight].Limit, Math.Max(0, tightRemaining), tightReset, subjects[tight].Id);
        }
    }

    private (long Used, DateTimeOffset Expires) Window(string key, DateTimeOffset now, TimeSpan window) =>
        _windows.TryGetValue(key, out var entry) && entry.Expires > now ? entry : (0, now + window);

    private Dictionary<string, DateTimeOffset> Slots(string key, DateTimeOffset now)
    {
        if (!_slots.TryGetValue(key, out var set))
        {
            _slots[key] = set = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        }
        foreach (var expired in set.Where(pair => pair.Value <= now).Select(pair => pair.Key).ToList())
        {
            set.Remove(expired);
        }
        return set;
    }

    // Keeps memory bounded by the callers active within a window, not by every caller ever seen.
    private void Sweep(DateTimeOffset now)
    {
        if (++_operations % SweepEvery != 0)
        {
            return;
        }
        foreach (var key in _windows.Where(pair => pair.Value.Expires <= now).Select(pair => pair.Key).ToList())
        {
            _windows.Remove(key);
        }
        foreach (var key in _slots.Where(pair => pair.Value.Values.All(expires => expires <= now)).Select(pair => pair.Key).ToList())
        {
            _slots.Remove(key);
        }
    }
}
