namespace FunAsr.Gateway.Configuration;

/// <summary>The gateway's own settings (section <c>Gateway</c>); the routes themselves live in <c>ReverseProxy</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Accepted API keys. The AppHost injects a development key as <c>Gateway__ApiKeys__0</c>.</summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>When true, requests without a key are served (rate limited per client address); a wrong key is still refused.</summary>
    public bool DemoMode { get; set; }

    public RateLimitSettings RateLimit { get; set; } = new();

    public BodyLimitSettings Limits { get; set; } = new();

    /// <summary>Origins allowed to call the API from another site. Empty keeps CORS off.</summary>
    public string[] CorsOrigins { get; set; } = [];
}

public sealed class RateLimitSettings
{
    /// <summary>Requests one key (or, in demo mode, one client address) may make per window.</summary>
    public int PermitLimit { get; set; } = 120;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class BodyLimitSettings
{
    /// <summary>Routes whose metadata says <c>BodyLimit: Upload</c> (audio uploads) accept bodies up to this size.</summary>
    public long UploadMaxBodyBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Every other request body (JSON questions, lecture texts).</summary>
    public long MaxBodyBytes { get; set; } = 8L * 1024 * 1024;
}
