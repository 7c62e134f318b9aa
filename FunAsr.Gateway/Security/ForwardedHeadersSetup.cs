using System.Net;
using FunAsr.Gateway.Configuration;
using Microsoft.AspNetCore.HttpOverrides;

namespace FunAsr.Gateway.Security;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies listed in
/// <c>Gateway:ForwardedHeaders</c>; with none listed they are ignored, so a client cannot pick the address its
/// limits are counted under.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static bool Configured(GatewayOptions options) =>
        options.ForwardedHeaders.KnownProxies.Length > 0 || options.ForwardedHeaders.KnownNetworks.Length > 0;

    public static ForwardedHeadersOptions Options(GatewayOptions options)
    {
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // The defaults trust loopback; only what is configured counts here.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in options.ForwardedHeaders.KnownProxies)
        {
            forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        }
        foreach (var network in options.ForwardedHeaders.KnownNetworks)
        {
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
        return forwarded;
    }
}
