using FunAsr.Security.Limits;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace FunAsr.Tests.Security;

/// <summary>The Redis store and the in-process one follow the same rules; each case runs against both.</summary>
public sealed class LimitStoreTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await _redis.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    public static TheoryData<string> Stores => ["redis", "memory"];

    private ILimitStore Store(string kind) => kind == "redis" ? new RedisLimitStore(_connection) : new MemoryLimitStore(TimeProvider.System);

    private static string Unique() => Guid.NewGuid().ToString("N");

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_window_admits_up_to_its_limit_then_refuses_with_the_time_until_it_resets(string kind)
    {
        var store = Store(kind);
        LimitSubject[] subjects = [new($"user:{Unique()}", 3)];
        for (var i = 0; i < 3; i++)
        {
            var allowed = await store.TryChargeAsync("requests", subjects, 1, TimeSpan.FromMinutes(1));
            Assert.True(allowed.Allowed);
            Assert.Equal(2 - i, allowed.Remaining);
        }
        var refused = await store.TryChargeAsync("requests", subjects, 1, TimeSpan.FromMinutes(1));
        Assert.False(refused.Allowed);
        Assert.Equal(0, refused.Remaining);
        Assert.InRange(refused.ResetAfter, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_person_and_their_key_are_charged_together_or_not_at_all(string kind)
    {
        var store = Store(kind);
        var person = new LimitSubject($"user:{Unique()}", 5);
        var key = new LimitSubject($"key:{Unique()}", 2);
        Assert.True((await store.TryChargeAsync("requests", [person, key], 1, TimeSpan.FromMinutes(1))).Allowed);
        Assert.True((await store.TryChargeAsync("requests", [person, key], 1, TimeSpan.FromMinutes(1))).Allowed);
        var refused = await store.TryChargeAsync("requests", [person, key], 1, TimeSpan.FromMinutes(1));
        Assert.False(refused.Allowed);
        Assert.Equal(key.Id, refused.Subject);
        // The refused call charged nothing: the person still has 3 left for their other key or their session.
        var session = await store.TryChargeAsync("requests", [person], 1, TimeSpan.FromMinutes(1));
        Assert.Equal(2, session.Remaining);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Audio_charged_after_the_fact_is_seen_by_peek_once_the_budget_is_spent(string kind)
    {
        var store = Store(kind);
        LimitSubject[] subjects = [new($"user:{Unique()}", 600)];
        Assert.True((await store.PeekAsync("audio", subjects, TimeSpan.FromHours(1))).Allowed);
        Assert.True((await store.ChargeAsync("audio", subjects, 400, TimeSpan.FromHours(1))).Allowed);
        var over = await store.ChargeAsync("audio", subjects, 300, TimeSpan.FromHours(1));
        Assert.False(over.Allowed);
        Assert.False((await store.PeekAsync("audio", subjects, TimeSpan.FromHours(1))).Allowed);
        Assert.False((await store.TryChargeAsync("audio", subjects, 1, TimeSpan.FromHours(1))).Allowed);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Concurrent_slots_are_limited_released_and_renewable(string kind)
    {
        var store = Store(kind);
        LimitSubject[] subjects = [new($"user:{Unique()}", 2)];
        Assert.True((await store.TryAcquireAsync("live", subjects, "a", TimeSpan.FromMinutes(1))).Allowed);
        Assert.True((await store.TryAcquireAsync("live", subjects, "b", TimeSpan.FromMinutes(1))).Allowed);
        // Taking a slot one already holds is not a new slot.
        Assert.True((await store.TryAcquireAsync("live", subjects, "b", TimeSpan.FromMinutes(1))).Allowed);
        var third = await store.TryAcquireAsync("live", subjects, "c", TimeSpan.FromMinutes(1));
        Assert.False(third.Allowed);
        Assert.InRange(third.ResetAfter, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));

        await store.RenewAsync("live", subjects, "a", TimeSpan.FromMinutes(2));
        await store.ReleaseAsync("live", subjects, "b");
        Assert.True((await store.TryAcquireAsync("live", subjects, "c", TimeSpan.FromMinutes(1))).Allowed);
    }

    [Fact]
    public async Task A_slot_whose_holder_stopped_renewing_frees_itself()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new MemoryLimitStore(time);
        LimitSubject[] subjects = [new("user:gone", 1)];
        Assert.True((await store.TryAcquireAsync("live", subjects, "crashed-replica", TimeSpan.FromSeconds(60))).Allowed);
        Assert.False((await store.TryAcquireAsync("live", subjects, "next", TimeSpan.FromSeconds(60))).Allowed);
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.True((await store.TryAcquireAsync("live", subjects, "next", TimeSpan.FromSeconds(60))).Allowed);
    }

    [Fact]
    public async Task A_redis_slot_expires_too()
    {
        var store = new RedisLimitStore(_connection);
        LimitSubject[] subjects = [new($"user:{Unique()}", 1)];
        Assert.True((await store.TryAcquireAsync("live", subjects, "crashed", TimeSpan.FromMilliseconds(300))).Allowed);
        Assert.False((await store.TryAcquireAsync("live", subjects, "next", TimeSpan.FromSeconds(60))).Allowed);
        await Task.Delay(400);
        Assert.True((await store.TryAcquireAsync("live", subjects, "next", TimeSpan.FromSeconds(60))).Allowed);
    }

    [Fact]
    public async Task An_unreachable_redis_is_reported_as_such_not_as_a_refusal()
    {
        await using var dead = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{RedisServer.FreeTcpPort()},abortConnect=false,connectTimeout=200,syncTimeout=300,asyncTimeout=300");
        var store = new RedisLimitStore(dead);
        await Assert.ThrowsAsync<LimitStoreUnavailableException>(() => store.TryChargeAsync("requests", [new LimitSubject("user:x", 1)], 1, TimeSpan.FromMinutes(1)));
    }
}
