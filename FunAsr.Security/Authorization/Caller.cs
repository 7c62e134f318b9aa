using System.Globalization;
using System.Security.Claims;

namespace FunAsr.Security.Authorization;

/// <summary>
/// Who is asking, as the gateway established it: one role (the highest the caller holds), the department whose
/// shared lectures they see, the quotas the gateway set for them, and how and when they last proved who they are
/// (what an attestation's re-authentication is checked against).
/// </summary>
public sealed record Caller(
    string Subject,
    string? Name,
    string Role,
    string? Department,
    string? KeyId,
    string? RequestId,
    int AudioSecondsPerHour,
    int ConcurrentJobs,
    string? AuthMethod = null,
    DateTimeOffset? AuthenticatedAt = null)
{
    /// <summary>
    /// The platform service relaying this caller's request to another (<c>qabot</c> sending a spoken question to the ASR
    /// service), or null when the request came straight from the gateway.
    /// </summary>
    public string? Via { get; init; }

    /// <summary>The partitions the gateway counts this caller in when they differ from the default (demo callers: their address).</summary>
    public IReadOnlyList<string>? Partitions { get; init; }

    public bool IsAdmin => Role == Roles.Admin;

    public bool IsAtLeast(string role) => Roles.Rank(Role) >= Roles.Rank(role);

    /// <summary>The ledger partitions a cost is counted in: the person (or service), and the key when one was used.</summary>
    public IReadOnlyList<string> LimitSubjects => Partitions is { Count: > 0 } partitions ? partitions
        : KeyId is null || Subject == $"key:{KeyId}" ? [Subject]
        : [Subject, $"key:{KeyId}"];

    /// <summary>Who a record names as having done something: the person's or key's name, else the id.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Subject : Name;

    public IEnumerable<Claim> ToClaims()
    {
        yield return new Claim(CallerClaims.Subject, Subject);
        yield return new Claim(CallerClaims.Role, Role);
        if (Name is not null) yield return new Claim(CallerClaims.Name, Name);
        if (Department is not null) yield return new Claim(CallerClaims.Department, Department);
        if (KeyId is not null) yield return new Claim(CallerClaims.KeyId, KeyId);
        if (RequestId is not null) yield return new Claim(CallerClaims.RequestId, RequestId);
        yield return new Claim(CallerClaims.AudioSecondsPerHour, AudioSecondsPerHour.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32);
        yield return new Claim(CallerClaims.ConcurrentJobs, ConcurrentJobs.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer32);
        if (AuthMethod is not null) yield return new Claim(CallerClaims.AuthMethod, AuthMethod);
        if (AuthenticatedAt is { } at) yield return new Claim(CallerClaims.AuthTime, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);
        if (Via is not null) yield return new Claim(CallerClaims.Via, Via);
        foreach (var partition in Partitions ?? [])
        {
            yield return new Claim(CallerClaims.Partition, partition);
        }
    }

    /// <summary>The caller of a request that passed a role policy (every service endpoint has one), as the gateway signed it.</summary>
    public static Caller Of(ClaimsPrincipal principal) =>
        From(principal) ?? throw new InvalidOperationException("The endpoint was reached without a caller: it needs a role policy.");

    /// <summary>The caller of a request a service accepted; null when the principal is not an authenticated caller.</summary>
    public static Caller? From(ClaimsPrincipal principal)
    {
        var subject = principal.FindFirst(CallerClaims.Subject)?.Value;
        var role = Roles.Highest(principal.FindAll(CallerClaims.Role).Select(c => c.Value));
        if (principal.Identity?.IsAuthenticated != true || subject is null || role is null)
        {
            return null;
        }
        return new Caller(subject, principal.FindFirst(CallerClaims.Name)?.Value, role,
            principal.FindFirst(CallerClaims.Department)?.Value, principal.FindFirst(CallerClaims.KeyId)?.Value,
            principal.FindFirst(CallerClaims.RequestId)?.Value,
            ReadInt(principal, CallerClaims.AudioSecondsPerHour), ReadInt(principal, CallerClaims.ConcurrentJobs),
            principal.FindFirst(CallerClaims.AuthMethod)?.Value, AuthTimeOf(principal))
        {
            Via = principal.FindFirst(CallerClaims.Via)?.Value,
            Partitions = principal.FindAll(CallerClaims.Partition).Select(c => c.Value).ToArray() is { Length: > 0 } partitions ? partitions : null,
        };
    }

    /// <summary>The <c>auth_time</c> claim, or null when absent or not a Unix time.</summary>
    public static DateTimeOffset? AuthTimeOf(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirst(CallerClaims.AuthTime)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
        && seconds > 0 && seconds < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static int ReadInt(ClaimsPrincipal principal, string type) =>
        int.TryParse(principal.FindFirst(type)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
