using System.Diagnostics.Metrics;
using FunAsr.AsrService.Transcription;
using FunAsr.AsrService.Recognition;
using FunAsr.Tests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.AsrApi;

/// <summary>
/// The ASR service in memory with the real engine on the known-answer model (its default), test settings and
/// optional service overrides. Its clients act as an admin the gateway signed (<see cref="TestTokens"/>) unless a test
/// says otherwise with <c>ActAs</c>.
/// </summary>
public sealed class AsrServiceHost(
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null,
    RecognizerProbe? probe = null) : WebApplicationFactory<FunAsr.AsrService.Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting rather than ConfigureAppConfiguration: Program reads these while registering services
        // (ConnectionStrings:cache decides whether the Aspire Redis client is added), before late sources apply.
        builder.UseSetting("Asr:Inference:IntraOpThreads", "1");
        builder.UseSetting("InternalAuth:SigningKey", TestTokens.SigningKey);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(s =>
        {
            probe?.Install(s);
            services?.Invoke(s);
        });
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.ActAs(TestTokens.Admin);
    }

    /// <summary>Starts the host and waits until the model is warmed up (or failed).</summary>
    public async Task<HttpClient> StartAsync(bool expectReady = true)
    {
        var client = CreateClient();
        var readiness = Services.GetRequiredService<ModelReadiness>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (readiness.State == SpeechEngineState.Loading && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        if (expectReady)
        {
            Assert.True(readiness.State == SpeechEngineState.Ready, $"model not ready: {readiness.State} {readiness.Failure}");
        }
        return client;
    }

    public IMeterFactory MeterFactory => Services.GetRequiredService<IMeterFactory>();
}
