using StackExchange.Redis;

namespace FunAsr.Security.Limits;

/// <summary>
/// Windows are counters that expire with their window (started by the first charge); concurrent slots are sorted sets
/// of lease ids scored by expiry, so a replica that dies leaves no slot taken for longer than one lease. Each
/// operation is one Lua script over every subject, so checking and charging cannot interleave between replicas.
/// Assumes one Redis primary (not a cluster: the subjects' keys would lie in different slots).
/// </summary>
public sealed class RedisLimitStore(IConnectionMultiplexer redis) : ILimitStore
{
    private const string KeyPrefix = "funasr:limit:";

    // ARGV: cost, window ms, conditional (1/0), limits…  → {allowed, tightest index, used, ttl ms}
    private const string ChargeScript = """
        local cost = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local conditional = ARGV[3] == '1'
        for i = 1, #KEYS do
          local used = tonumber(redis.call('GET', KEYS[i]) or '0')
          local limit = tonumber(ARGV[3 + i])
          if (conditional and used + cost > limit) or (cost == 0 and used >= limit) then
            local ttl = redis.call('PTTL', KEYS[i])
            if ttl < 0 then ttl = window end
            return {0, i, used, ttl}
          end
        end
        local tight, tightRemaining, tightUsed, tightTtl = 1, nil, 0, window
        for i = 1, #KEYS do
          local used
          if cost > 0 then
            used = redis.call('INCRBY', KEYS[i], cost)
            if redis.call('PTTL', KEYS[i]) < 0 then redis.call('PEXPIRE', KEYS[i], window) end
          else
            used = tonumber(redis.call('GET', KEYS[i]) or '0')
          end
          local ttl = redis.call('PTTL', KEYS[i])
          if ttl < 0 then ttl = window end
          local remaining = tonumber(ARGV[3 + i]) - used
          if tightRemaining == nil or remaining < tightRemaining then
            tight, tightRemaining, tightUsed, tightTtl = i, remaining, used, ttl
          end
        end
        if tightRemaining < 0 then return {0, tight, tightUsed, tightTtl} end
        return {1, tight, tightUsed, tightTtl}
        """;

    // ARGV: lease id, ttl ms, limits…  → {allowed, tightest index, held, ms until a slot frees}
    private const string AcquireScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local ttl = tonumber(ARGV[2])
        for i = 1, #KEYS do
          redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
          local held = redis.call('ZCARD', KEYS[i])
          if not redis.call('ZSCORE', KEYS[i], ARGV[1]) and held >= tonumber(ARGV[2 + i]) then
            local first = redis.call('ZRANGE', KEYS[i], 0, 0, 'WITHSCORES')
            return {0, i, held, tonumber(first[2]) - now}
          end
        end
        local tight, tightRemaining, tightHeld = 1, nil, 0
        for i = 1, #KEYS do
          redis.call('ZADD', KEYS[i], now + ttl, ARGV[1])
          redis.call('PEXPIRE', KEYS[i], ttl)
          local held = redis.call('ZCARD', KEYS[i])
          local remaining = tonumber(ARGV[2 + i]) - held
          if tightRemaining == nil or remaining < tightRemaining then
            tight, tightRemaining, tightHeld = i, remaining, held
          end
        end
        return {1, tight, tightHeld, ttl}
        """;

    private const string RenewScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        for i = 1, #KEYS do
          redis.call('ZADD', KEYS[i], 'XX', now + tonumber(ARGV[2]), ARGV[1])
          redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2]))
        end
        return 1
        """;

    public Task<LimitDecision> TryChargeAsync(string limit, IReadOnlyList<LimitSubject> subjects, long cost, TimeSpan window, CancellationToken cancellationToken = default) =>
        ChargeAsync(limit, subjects, cost, window, conditional: true);

    public Task<LimitDecision> ChargeAsync(string limit, IReadOnlyList<LimitSubject> subjects, long cost, TimeSpan window, CancellationToken cancellationToken = default) =>
        ChargeAsync(limit, subjects, cost, window, conditional: false);

    public Task<LimitDecision> PeekAsync(string limit, IReadOnlyList<LimitSubject> subjects, TimeSpan window, CancellationToken cancellationToken = default) =>
        ChargeAsync(limit, subjects, 0, window, conditional: true);

    public async Task<LimitDecision> TryAcquireAsync(string limit, IReadOnlyList<LimitSubject> subjects, string leaseId, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        if (subjects.Count == 0)
        {
            return LimitDecision.Unlimited;
        }
        var values = new RedisValue[2 + subjects.Count];
        values[0] = leaseId;
        values[1] = (long)ttl.TotalMilliseconds;
        for (var i = 0; i < subjects.Count; i++)
        {
            values[2 + i] = subjects[i].Limit;
        }
        var result = await RunAsync(AcquireScript, Keys(limit, subjects), values);
        return Decision(result, subjects);
    }

    public Task RenewAsync(string limit, IReadOnlyList<LimitSubject> subjects, string leaseId, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        subjects.Count == 0
            ? Task.CompletedTask
            : RunAsync(RenewScript, Keys(limit, subjects), [leaseId, (long)ttl.TotalMilliseconds]);

    public async Task ReleaseAsync(string limit, IReadOnlyList<LimitSubject> subjects, string leaseId, CancellationToken cancellationToken = default)
    {
        try
        {
            var db = redis.GetDatabase();
            await Task.WhenAll(Keys(limit, subjects).Select(key => db.SortedSetRemoveAsync(key, leaseId)));
        }
        catch (Exception error) when (error is RedisConnectionException or RedisTimeoutException)
        {
            // The lease expires by itself; nothing is held for longer than its time to live.
            throw new LimitStoreUnavailableException("The limits store (Redis) is unreachable.", error);
        }
    }

    private async Task<LimitDecision> ChargeAsync(string limit, IReadOnlyList<LimitSubject> subjects, long cost, TimeSpan window, bool conditional)
    {
        if (subjects.Count == 0)
        {
            return LimitDecision.Unlimited;
        }
        var values = new RedisValue[3 + subjects.Count];
        values[0] = cost;
        values[1] = Math.Max(1, (long)window.TotalMilliseconds);
        values[2] = conditional ? 1 : 0;
        for (var i = 0; i < subjects.Count; i++)
        {
            values[3 + i] = subjects[i].Limit;
        }
        var result = await RunAsync(ChargeScript, Keys(limit, subjects), values);
        return Decision(result, subjects);
    }

    private async Task<RedisResult> RunAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await redis.GetDatabase().ScriptEvaluateAsync(script, keys, values);
        }
        catch (Exception error) when (error is RedisConnectionException or RedisTimeoutException)
        {
            throw new LimitStoreUnavailableException("The limits store (Redis) is unreachable.", error);
        }
    }

    private static LimitDecision Decision(RedisResult result, IReadOnlyList<LimitSubject> subjects)
    {
        var values = (RedisResult[])result!;
        var index = (int)values[1] - 1;
        var used = (long)values[2];
        var resetMs = Math.Max(0, (long)values[3]);
        var subject = subjects[index];
        return new LimitDecision((long)values[0] == 1, subject.Limit, Math.Max(0, subject.Limit - used), TimeSpan.FromMilliseconds(resetMs), subject.Id);
    }

    private static RedisKey[] Keys(string limit, IReadOnlyList<LimitSubject> subjects)
    {
        var keys = new RedisKey[subjects.Count];
        for (var i = 0; i < subjects.Count; i++)
        {
            keys[i] = $"{KeyPrefix}{limit}:{subjects[i].Id}";
        }
        return keys;
    }
}
