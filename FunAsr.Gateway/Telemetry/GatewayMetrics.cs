using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FunAsr.Gateway.Telemetry;

/// <summary>Counters for the requests the gateway turns away and for security events, which operators graph beside YARP's own metrics.</summary>
public sealed class GatewayMetrics
{
    public const string Name = "FunAsr.Gateway";

    /// <summary>Spans for the gateway's own stages; forwarding itself is traced by YARP and HttpClient.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _rejected;
    private readonly Counter<long> _proxyErrors;
    private readonly Counter<long> _limited;
    private readonly Counter<long> _signIns;
    private readonly Counter<long> _audit;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _rejected = meter.CreateCounter<long>("gateway.requests.rejected", "{request}",
            "Requests refused by the gateway before reaching a service (reason: unauthenticated, forbidden, rate_limited, too_large, cross_site, limits_unavailable).");
        _proxyErrors = meter.CreateCounter<long>("gateway.proxy.errors", "{request}",
            "Requests that failed between the gateway and a service (cluster, error).");
        _limited = meter.CreateCounter<long>("gateway.limits.refused", "{request}",
            "Requests refused by a cost limit (limit: requests, audio, live, jobs, signin).");
        _signIns = meter.CreateCounter<long>("gateway.signins", "{attempt}",
            "Sign-in attempts (method: password, key, sso; result: succeeded, failed, locked_out, throttled, disabled).");
        _audit = meter.CreateCounter<long>("gateway.audit.events", "{event}", "Security events appended to the audit trail (kind).");
    }

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ProxyError(string cluster, string error) =>
        _proxyErrors.Add(1, new KeyValuePair<string, object?>("cluster", cluster), new KeyValuePair<string, object?>("error", error));

    public void Limited(string limit)
    {
        _limited.Add(1, new KeyValuePair<string, object?>("limit", limit));
        Rejected("rate_limited");
    }

    public void SignIn(string method, string result) =>
        _signIns.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("result", result));

    public void Audited(string kind) => _audit.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
