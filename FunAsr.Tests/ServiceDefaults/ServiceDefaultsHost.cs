using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FunAsr.Tests.ServiceDefaults;

/// <summary>
/// A bare web app with only ServiceDefaults, on a free loopback port: what every service gets from
/// <c>AddServiceDefaults()</c>/<c>MapDefaultEndpoints()</c>, without any one service's own dependencies.
/// </summary>
public sealed class ServiceDefaultsHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceDefaultsHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<ServiceDefaultsHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "FunAsr.Tests.ServiceDefaultsHost" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.Configuration[key] = value;
        }

        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServiceDefaultsHost(app, new Uri(address));
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
