using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Drops traces that only background polling would start: Redis commands made outside any traced operation (stream
/// consumers look for work several times a second) and YARP's active health probes. Recorded as their own traces they
/// would bury the dashboard's real ones. Used as the root sampler of a parent-based sampler, so a Redis command made inside
/// a request, a job or a stream entry is a child of that span and kept.
/// </summary>
internal sealed class BackgroundPollingSampler : Sampler
{
    private const string YarpHealthProbes = "proxy.cluster_health_checks";

    public override SamplingResult ShouldSample(in SamplingParameters parameters)
    {
        if (parameters.Name == YarpHealthProbes)
        {
            return new SamplingResult(SamplingDecision.Drop);
        }
        if (parameters.Kind == ActivityKind.Client && parameters.Tags is { } tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key is "db.system" or "db.system.name" && tag.Value as string == "redis")
                {
                    return new SamplingResult(SamplingDecision.Drop);
                }
            }
        }
        return new SamplingResult(SamplingDecision.RecordAndSample);
    }
}
