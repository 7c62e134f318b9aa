using System.Diagnostics.Metrics;
using FunAsr.AsrService.Api.Health;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.AsrApi;

/// <summary>An in-memory ASR service with test settings and optional service overrides.</summary>
public sealed class AsrServiceHost(
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<FunAsr.AsrService.Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>()));
        builder.ConfigureTestServices(s => services?.Invoke(s));
    }

    /// <summary>Starts the host and waits until the model is warmed up (or failed).</summary>
    public async Task<HttpClient> StartAsync(bool expectReady = true)
    {
        var client = CreateClient();
        var readiness = Services.GetRequiredService<ModelReadiness>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (readiness.State == ModelState.Loading && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        if (expectReady)
        {
            Assert.True(readiness.State == ModelState.Ready, $"model not ready: {readiness.State} {readiness.Failure}");
        }
        return client;
    }

    public IMeterFactory MeterFactory => Services.GetRequiredService<IMeterFactory>();
}
