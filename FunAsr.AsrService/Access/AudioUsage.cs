using FunAsr.AsrService.Jobs;
using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Transcription;
using FunAsr.Security.Limits;
using Microsoft.Extensions.Options;

namespace FunAsr.AsrService.Access;

/// <summary>
/// The service's side of the cost limits the gateway sets (docs/security.md): audio seconds per hour charged as audio is
/// decoded, and one concurrent-job slot held from a job's submission to its end, both in the shared store the gateway
/// counts in, under the caller's partitions and quotas from their token. A synchronous request that would pass the
/// hour's budget is refused before recognition; a job or live stream is charged what it used (its work was accepted),
/// and the next request finds the budget spent. With the store unreachable, audio is transcribed uncharged (warned once
/// per outage, counted in <c>asr.quota.uncharged</c>): the gate that fails closed is the gateway's, which refuses audio
/// routes with 503 while it cannot read the budget, and synchronous transcription outlives a Redis outage by design.
/// A job slot cannot be taken without the store (jobs need Redis anyway): 503.
/// </summary>
public sealed class AudioUsage(ILimitStore store, IOptions<JobOptions> jobs, AsrTelemetry telemetry, ILogger<AudioUsage> logger)
{
    /// <summary>Charges a synchronous transcription's audio if it fits the hour's budget; otherwise 429 <c>audio_quota_exceeded</c>.</summary>
    public async Task ChargeOrRefuseAsync(AudioAccount account, double seconds, CancellationToken cancellationToken)
    {
        var decision = await Uncharged(() => store.TryChargeAsync(LimitNames.AudioSeconds, Subjects(account, account.AudioSecondsPerHour),
            Seconds(seconds), LimitNames.AudioWindow, cancellationToken), seconds);
        if (!decision.Allowed)
        {
            telemetry.QuotaRefused(LimitNames.AudioSeconds);
            throw new AsrException(AsrFailure.Busy, "audio_quota_exceeded",
                $"This recording is {Math.Ceiling(seconds)} s long and {decision.Remaining} s of this hour's {account.AudioSecondsPerHour} s of audio are left. " +
                $"More is available in {Minutes(decision.ResetAfter)} minutes.", "file", decision.ResetAfter);
        }
        if (decision.Subject is not Unchecked)
        {
            telemetry.AudioCharged(seconds);
        }
    }

    /// <summary>Charges audio already taken on (a job, a live stream); true while the caller is still within the hour's budget.</summary>
    public async Task<bool> ChargeAsync(AudioAccount account, double seconds, CancellationToken cancellationToken)
    {
        var decision = await Uncharged(() => store.ChargeAsync(LimitNames.AudioSeconds, Subjects(account, account.AudioSecondsPerHour),
            Seconds(seconds), LimitNames.AudioWindow, cancellationToken), seconds);
        if (decision.Subject is not Unchecked)
        {
            telemetry.AudioCharged(seconds);
        }
        return decision.Allowed;
    }

    /// <summary>Whether any of the hour's audio budget is left (a live stream is refused at its start when none is).</summary>
    public async Task<LimitDecision> PeekAsync(AudioAccount account, CancellationToken cancellationToken) =>
        await Uncharged(() => store.PeekAsync(LimitNames.AudioSeconds, Subjects(account, account.AudioSecondsPerHour), LimitNames.AudioWindow, cancellationToken), 0);

    /// <summary>Takes one of the caller's concurrent-job slots for <paramref name="jobId"/>; otherwise 429 <c>too_many_jobs</c>.</summary>
    public async Task AcquireJobSlotAsync(AudioAccount account, string jobId, CancellationToken cancellationToken)
    {
        var decision = await Guard(() => store.TryAcquireAsync(LimitNames.Jobs, Subjects(account, account.ConcurrentJobs), jobId,
            jobs.Value.SlotLease, cancellationToken));
        if (!decision.Allowed)
        {
            telemetry.QuotaRefused(LimitNames.Jobs);
            throw new AsrException(AsrFailure.Busy, "too_many_jobs",
                $"You already have {account.ConcurrentJobs} job(s) queued or running (your limit). Wait for one to finish or cancel one.",
                retryAfter: TimeSpan.FromSeconds(Math.Clamp(decision.ResetAfter.TotalSeconds, 5, 60)));
        }
    }

    /// <summary>Keeps a running job's slot from expiring (its lease is <see cref="JobOptions.SlotLease"/>).</summary>
    public Task RenewJobSlotAsync(AudioAccount account, string jobId) =>
        Quietly(() => store.RenewAsync(LimitNames.Jobs, Subjects(account, account.ConcurrentJobs), jobId, jobs.Value.SlotLease), jobId);

    /// <summary>Frees a job's slot once it has ended; a slot that cannot be freed now expires with its lease.</summary>
    public Task ReleaseJobSlotAsync(AudioAccount account, string jobId) =>
        Quietly(() => store.ReleaseAsync(LimitNames.Jobs, Subjects(account, account.ConcurrentJobs), jobId), jobId);

    private static LimitSubject[] Subjects(AudioAccount account, long limit) => [.. account.Partitions.Select(p => new LimitSubject(p, limit))];

    private static long Seconds(double seconds) => (long)Math.Ceiling(Math.Max(0, seconds));

    private static long Minutes(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalMinutes));

    private const string Unchecked = "unchecked";
    private int _outage;

    // The audio budget cannot be read: the work goes on uncharged (see the class summary), said once per outage.
    private async Task<LimitDecision> Uncharged(Func<Task<LimitDecision>> check, double seconds)
    {
        try
        {
            var decision = await check();
            Interlocked.Exchange(ref _outage, 0);
            return decision;
        }
        catch (LimitStoreUnavailableException error)
        {
            telemetry.AudioUncharged(seconds);
            if (Interlocked.Exchange(ref _outage, 1) == 0)
            {
                logger.LogWarning(error, "Audio budgets cannot be read; audio is transcribed without being charged until the store is back");
            }
            return LimitDecision.Unlimited with { Subject = Unchecked };
        }
    }

    // A job slot is a security control: when it cannot be taken the job is refused (503), not let through.
    private static async Task<LimitDecision> Guard(Func<Task<LimitDecision>> check)
    {
        try
        {
            return await check();
        }
        catch (LimitStoreUnavailableException error)
        {
            throw AsrException.Unavailable("limits_unavailable",
                $"Usage limits cannot be checked right now ({error.Message}); try again shortly.", TimeSpan.FromSeconds(5));
        }
    }

    private async Task Quietly(Func<Task> action, string jobId)
    {
        try
        {
            await action();
        }
        catch (LimitStoreUnavailableException error)
        {
            logger.LogWarning(error, "The job slot of {JobId} could not be updated; its lease expires by itself", jobId);
        }
    }
}
