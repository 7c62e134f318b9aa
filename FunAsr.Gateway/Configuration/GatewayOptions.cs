using FunAsr.Security.Authorization;

namespace FunAsr.Gateway.Configuration;

/// <summary>The gateway's own settings (section <c>Gateway</c>); the routes themselves live in <c>ReverseProxy</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// Keys fixed in configuration (the AppHost injects a development key as <c>Gateway__ApiKeys__0</c>). They act as
    /// admin service keys and end only when removed from configuration; keys minted at <c>/api/admin/keys</c> are
    /// the ones to hand out, since those can be revoked at once.
    /// </summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>When true, requests without a key or session are served as <see cref="DemoRole"/>, limited per client address; a wrong key is still refused.</summary>
    public bool DemoMode { get; set; }

    public string DemoRole { get; set; } = Roles.Employee;

    public BodyLimitSettings Limits { get; set; } = new();

    /// <summary>Cost limits per role, counted per person and per key.</summary>
    public Dictionary<string, RoleQuota> Quotas { get; set; } = RoleQuota.Defaults();

    /// <summary>Origins allowed to call the API from another site. Empty keeps CORS off.</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed. Empty: those headers are ignored.</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
}

public sealed class RoleQuota
{
    public int RequestsPerMinute { get; set; }

    /// <summary>Seconds of audio (uploads, jobs, live captions) per hour.</summary>
    public int AudioSecondsPerHour { get; set; }

    public int ConcurrentLiveStreams { get; set; }

    public int ConcurrentJobs { get; set; }

    public static Dictionary<string, RoleQuota> Defaults() => new(StringComparer.OrdinalIgnoreCase)
    {
        [Roles.Employee] = new() { RequestsPerMinute = 120, AudioSecondsPerHour = 1_800, ConcurrentLiveStreams = 1, ConcurrentJobs = 2 },
        [Roles.Content] = new() { RequestsPerMinute = 300, AudioSecondsPerHour = 36_000, ConcurrentLiveStreams = 2, ConcurrentJobs = 8 },
        [Roles.Admin] = new() { RequestsPerMinute = 600, AudioSecondsPerHour = 72_000, ConcurrentLiveStreams = 4, ConcurrentJobs = 16 },
    };
}

public sealed class ForwardedHeadersSettings
{
    /// <summary>Addresses of trusted reverse proxies, e.g. 10.0.0.5.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted reverse proxies in CIDR form, e.g. 10.0.0.0/24.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

public sealed class BodyLimitSettings
{
    /// <summary>Routes whose metadata says <c>BodyLimit: Upload</c> (audio uploads) accept bodies up to this size.</summary>
    public long UploadMaxBodyBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Every other request body (JSON questions, lecture texts).</summary>
    public long MaxBodyBytes { get; set; } = 8L * 1024 * 1024;
}
