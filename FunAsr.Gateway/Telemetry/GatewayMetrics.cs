using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FunAsr.Gateway.Telemetry;

/// <summary>Counters for the requests the gateway turns away, by reason, which operators graph beside YARP's own metrics.</summary>
public sealed class GatewayMetrics
{
    public const string Name = "FunAsr.Gateway";

    /// <summary>Spans for the gateway's own stages; forwarding itself is traced by YARP and HttpClient.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _rejected;
    private readonly Counter<long> _proxyErrors;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _rejected = meter.CreateCounter<long>("gateway.requests.rejected", "{request}",
            "Requests refused by the gateway before reaching a service (reason: unauthenticated, rate_limited, too_large).");
        _proxyErrors = meter.CreateCounter<long>("gateway.proxy.errors", "{request}",
            "Requests that failed between the gateway and a service (cluster, error).");
    }

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ProxyError(string cluster, string error) =>
        _proxyErrors.Add(1, new KeyValuePair<string, object?>("cluster", cluster), new KeyValuePair<string, object?>("error", error));
}
