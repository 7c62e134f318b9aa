namespace FunAsr.Security.Limits;

/// <summary>
/// Where cost limits are counted, shared by every gateway replica and service (Redis), so a limit holds however many
/// replicas serve a caller. Each call covers several subjects at once (the person and their key): either every
/// subject has room and all are charged, or none is.
/// </summary>
public interface ILimitStore
{
    /// <summary>Charges <paramref name="cost"/> to a fixed window per subject if every subject stays within its limit.</summary>
    Task<LimitDecision> TryChargeAsync(string limit, IReadOnlyList<LimitSubject> subjects, long cost, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>Charges whatever was already spent (audio decoded from a live stream); reports whether a limit is now exceeded.</summary>
    Task<LimitDecision> ChargeAsync(string limit, IReadOnlyList<LimitSubject> subjects, long cost, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>Reads the window without charging: refused when a subject has nothing left.</summary>
    Task<LimitDecision> PeekAsync(string limit, IReadOnlyList<LimitSubject> subjects, TimeSpan window, CancellationToken cancellationToken = default);

    /// <summary>Takes one of a limited number of concurrent slots in every subject (live streams, jobs); it expires after <paramref name="ttl"/> unless renewed.</summary>
    Task<LimitDecision> TryAcquireAsync(string limit, IReadOnlyList<LimitSubject> subjects, string leaseId, TimeSpan ttl, CancellationToken cancellationToken = default);

    Task RenewAsync(string limit, IReadOnlyList<LimitSubject> subjects, string leaseId, TimeSpan ttl, CancellationToken cancellationToken = default);

    Task ReleaseAsync(string limit, IReadOnlyList<LimitSubject> subjects, string leaseId, CancellationToken cancellationToken = default);
}

/// <summary>One partition a cost is counted in (<c>user:…</c>, <c>key:…</c>, <c>address:…</c>) and its limit there.</summary>
public readonly record struct LimitSubject(string Id, long Limit);

/// <summary>
/// The outcome for the tightest subject: whether the request may go on, the limit, what is left and when the window
/// (or the oldest slot) frees up — what Retry-After and the RateLimit headers report.
/// </summary>
public readonly record struct LimitDecision(bool Allowed, long Limit, long Remaining, TimeSpan ResetAfter, string? Subject)
{
    public static LimitDecision Unlimited => new(true, long.MaxValue, long.MaxValue, TimeSpan.Zero, null);
}

/// <summary>The shared store could not be reached: limits cannot be checked, so the request is refused (503), not let through.</summary>
public sealed class LimitStoreUnavailableException(string message, Exception inner) : Exception(message, inner);
