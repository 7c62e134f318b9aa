using FunAsr.AsrService.Admission;
using FunAsr.Tests.Audio;
using Microsoft.Extensions.Time.Testing;

namespace FunAsr.Tests.Admission;

/// <summary>The replica's budget hands out what it has, makes the rest wait in order, and refuses clearly when it cannot.</summary>
public sealed class AdmissionPoolTests
{
    private const long MB = 1024 * 1024;
    private readonly FakeTimeProvider _time = new();

    private AdmissionPool Memory(long megabytes = 16, int queue = 256, double waitSeconds = 30) =>
        AudioTestSupport.CreateAdmission(o =>
        {
            o.MemoryBudgetMegabytes = megabytes;
            o.MaxQueueLength = queue;
            o.MaxQueueWait = TimeSpan.FromSeconds(waitSeconds);
        }, _time).Memory;

    [Fact]
    public async Task Leases_within_the_budget_are_granted_at_once_and_given_back_on_dispose()
    {
        var pool = Memory();

        using (var a = await pool.AcquireAsync(6 * MB, CancellationToken.None))
        using (var b = await pool.AcquireAsync(10 * MB, CancellationToken.None))
        {
            Assert.Equal(16 * MB, pool.InUse);
            Assert.Equal(6 * MB, a.Amount);
        }

        Assert.Equal(0, pool.InUse);
    }

    [Fact]
    public async Task A_request_that_does_not_fit_waits_until_memory_is_given_back()
    {
        var pool = Memory();
        var first = await pool.AcquireAsync(12 * MB, CancellationToken.None);

        var second = pool.AcquireAsync(8 * MB, CancellationToken.None);
        await WaitUntilAsync(() => pool.Waiting == 1);
        Assert.False(second.IsCompleted);

        first.Dispose();
        using var granted = await second;
        Assert.Equal(8 * MB, pool.InUse);
    }

    [Fact]
    public async Task Waiting_past_the_queue_wait_is_refused_with_retry_after()
    {
        var pool = Memory(waitSeconds: 30);
        using var all = await pool.AcquireAsync(16 * MB, CancellationToken.None);

        var waiting = pool.AcquireAsync(MB, CancellationToken.None);
        await WaitUntilAsync(() => pool.Waiting == 1);
        _time.Advance(TimeSpan.FromSeconds(31));

        var error = await Assert.ThrowsAsync<AdmissionRejectedException>(() => waiting);
        Assert.Equal(TimeSpan.FromSeconds(10), error.RetryAfter);
        Assert.Contains("stayed at capacity for 30 s", error.Message);
        Assert.Equal(0, pool.Waiting);
        Assert.Equal(16 * MB, pool.InUse);
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once()
    {
        var pool = Memory(queue: 1);
        using var all = await pool.AcquireAsync(16 * MB, CancellationToken.None);
        var waiting = pool.AcquireAsync(MB, CancellationToken.None);

        var error = await Assert.ThrowsAsync<AdmissionRejectedException>(() => pool.AcquireAsync(MB, CancellationToken.None));

        Assert.NotNull(error.RetryAfter);
        Assert.Contains("1 waiting", error.Message);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task More_than_the_whole_budget_can_never_run_and_says_so_without_retry_after()
    {
        var pool = Memory(megabytes: 16);

        var error = await Assert.ThrowsAsync<AdmissionRejectedException>(() => pool.AcquireAsync(17 * MB, CancellationToken.None));

        Assert.Null(error.RetryAfter);
        Assert.Contains("16 MB", error.Message);
        Assert.Contains("Asr:Admission", error.Message);
    }

    [Fact]
    public async Task Growing_leases_go_before_new_arrivals()
    {
        var pool = Memory();
        var holder = await pool.AcquireAsync(8 * MB, CancellationToken.None);
        var running = await pool.AcquireAsync(8 * MB, CancellationToken.None);

        // The arrival came first, but the freed 8 MB go to the lease already at work; 6 MB more do not fit beside it.
        var arrival = pool.AcquireAsync(6 * MB, CancellationToken.None);
        await WaitUntilAsync(() => pool.Waiting == 1);
        var growth = running.GrowAsync(4 * MB, CancellationToken.None).AsTask();
        await WaitUntilAsync(() => pool.Waiting == 2);

        holder.Dispose();
        await growth;
        Assert.Equal(12 * MB, running.Amount);
        Assert.False(arrival.IsCompleted);

        running.Dispose();
        using var late = await arrival;
        Assert.Equal(6 * MB, pool.InUse);
    }

    [Fact]
    public async Task Arrivals_are_served_in_order_so_a_large_one_is_not_starved()
    {
        var pool = Memory();
        var holder = await pool.AcquireAsync(10 * MB, CancellationToken.None);
        var large = pool.AcquireAsync(12 * MB, CancellationToken.None);
        await WaitUntilAsync(() => pool.Waiting == 1);

        // 6 MB are free and the small one would fit, but the large one came first.
        var small = pool.AcquireAsync(2 * MB, CancellationToken.None);
        await WaitUntilAsync(() => pool.Waiting == 2);
        Assert.False(small.IsCompleted);

        holder.Dispose();
        using var l = await large;
        using var s = await small;
        Assert.Equal(14 * MB, pool.InUse);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_line_and_lets_the_next_one_in()
    {
        var pool = Memory();
        using var holder = await pool.AcquireAsync(10 * MB, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var large = pool.AcquireAsync(12 * MB, cancel.Token);
        await WaitUntilAsync(() => pool.Waiting == 1);
        var small = pool.AcquireAsync(4 * MB, CancellationToken.None);
        await WaitUntilAsync(() => pool.Waiting == 2);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => large);
        using var s = await small;
        Assert.Equal(14 * MB, pool.InUse);
    }

    [Fact]
    public async Task Shrinking_gives_part_of_a_lease_back()
    {
        var pool = Memory();
        using var lease = await pool.AcquireAsync(10 * MB, CancellationToken.None);

        lease.Shrink(4 * MB);
        lease.Shrink(100 * MB);

        Assert.Equal(0, lease.Amount);
        Assert.Equal(0, pool.InUse);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
