namespace FunAsr.Gateway.Api;

/// <summary>Who is signed in and what they may do, for the page (which shows only what the role allows).</summary>
public sealed record SessionInfo(
    string Id,
    string Name,
    string? DisplayName,
    string Role,
    string? Department,
    string Method,
    string? KeyId,
    bool Demo,
    QuotaInfo Quotas,
    long UploadMaxBodyBytes);

public sealed record QuotaInfo(int RequestsPerMinute, int AudioSecondsPerHour, int ConcurrentLiveStreams, int ConcurrentJobs);

/// <summary>What the sign-in screen offers before anyone is signed in.</summary>
public sealed record PageConfig(bool DemoMode, bool PasswordSignIn, SingleSignOnConfig? Sso);

public sealed record SingleSignOnConfig(string DisplayName, string Url);
