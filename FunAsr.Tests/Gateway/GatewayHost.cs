using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Gateway;

/// <summary>
/// The real gateway on Kestrel (a free loopback port), configured as the AppHost would: service-discovery entries
/// <c>services:asr:http:N</c> pointing at stand-in services, plus whatever settings a test adds.
/// </summary>
public sealed class GatewayHost : WebApplicationFactory<FunAsr.Gateway.Program>
{
    public const string Key = "test-key-0123456789abcdef";
    public const string OtherKey = "test-key-fedcba9876543210";

    private readonly Dictionary<string, string?> _settings;

    public GatewayHost(IEnumerable<StandInService> asrReplicas, StandInService? qabot, IDictionary<string, string?>? settings = null, bool withKeys = true)
    {
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            // Probe often so a stopped replica is noticed within a test's patience.
            ["ReverseProxy:Clusters:asr:HealthCheck:Active:Interval"] = "00:00:01",
            ["ReverseProxy:Clusters:asr:HealthCheck:Active:Timeout"] = "00:00:05",
            ["ReverseProxy:Clusters:asr:Metadata:ConsecutiveFailuresHealthPolicy.Threshold"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (withKeys)
        {
            _settings["Gateway:ApiKeys:0"] = Key;
            _settings["Gateway:ApiKeys:1"] = OtherKey;
        }
        var index = 0;
        foreach (var replica in asrReplicas)
        {
            _settings[$"services:asr:http:{index++}"] = replica.Address.ToString().TrimEnd('/');
        }
        if (qabot is not null)
        {
            _settings["services:qabot:http:0"] = qabot.Address.ToString().TrimEnd('/');
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        // Listening on an explicit loopback endpoint keeps the factory from rewriting server addresses while it starts.
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    private Uri? _address;

    public Uri Address
    {
        get
        {
            if (_address is null)
            {
                StartServer();
                _address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            }
            return _address;
        }
    }

    /// <summary>A client for the gateway's real address; <paramref name="key"/> goes into X-Api-Key when given.</summary>
    public HttpClient Client(string? key = Key)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
    }
}
