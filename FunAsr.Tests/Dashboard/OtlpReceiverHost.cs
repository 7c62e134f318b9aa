using FunAsr.AppHost.Dashboard;
using FunAsr.AppHost.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace FunAsr.Tests.Dashboard;

/// <summary>The AppHost's OTLP/HTTP receiver and telemetry API hosted alone on a free loopback port.</summary>
public sealed class OtlpReceiverHost : IAsyncDisposable
{
    public const string ApiKey = "test-otlp-key";
    private readonly WebApplication _app;

    private OtlpReceiverHost(WebApplication app, TelemetryStore store)
    {
        _app = app;
        Store = store;
        Url = app.Urls.First();
    }

    public string Url { get; }

    public TelemetryStore Store { get; }

    public static async Task<OtlpReceiverHost> StartAsync(TelemetryLimits? limits = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var store = new TelemetryStore(limits ?? new TelemetryLimits());
        app.MapOtlpHttpReceiver(store, ApiKey);
        app.MapGroup("/api").MapTelemetryApi(store);
        await app.StartAsync();
        return new OtlpReceiverHost(app, store);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
