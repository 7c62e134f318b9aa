using FunAsr.AsrService.Telemetry;
using FunAsr.AsrService.Transcription;
using FunAsr.Security.Limits;

namespace FunAsr.AsrService.Access;

/// <summary>
/// The service's side of the audio budget the gateway sets (docs/security.md): seconds per hour charged as audio is
/// decoded, in the shared store the gateway counts in, under the caller's partitions and quota from their token. A
/// synchronous request that would pass the hour's budget is refused before recognition; a live stream is charged what
/// it used (its audio was accepted) and closed once the budget is spent. With the store unreachable, audio is transcribed
/// uncharged (warned once per outage, counted in <c>asr.quota.uncharged</c>): the gate that fails closed is the
/// gateway's, which refuses audio routes with 503 while it cannot read the budget, and synchronous transcription
/// outlives a Redis outage by design.
/// </summary>
public sealed class AudioUsage(ILimitStore store, AsrTelemetry telemetry, ILogger<AudioUsage> logger)
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

    /// <summary>Charges audio already taken on (a live stream); true while the caller is still within the hour's budget.</summary>
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
}
