using System.Net;
using FunAsr.AsrService.Recognition;
using FunAsr.Tests.Gateway;
using FunAsr.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Browser;

/// <summary>A real service on Kestrel (a free loopback port) with test settings, so the gateway can reach it.</summary>
public sealed class KestrelService<TProgram>(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<TProgram>
    where TProgram : class
{
    private Uri? _address;

    public Uri Address
    {
        get
        {
            if (_address is null)
            {
                UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
                StartServer();
                _address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            }
            return _address;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // The key the test gateway signs with, so the services answer what it forwards.
        builder.UseSetting("InternalAuth:SigningKey", GatewayHost.SigningKey);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>
/// The page in front of the real services: the gateway, the ASR service on the known-answer model, QaBot, one Redis.
/// What the page does here is what a user gets: the pipeline's segments and subtitles, saving, correcting, asking.
/// </summary>
public sealed class ServicesStack : IAsyncDisposable
{
    private readonly string _storage;

    private ServicesStack(RedisServer redis, KestrelService<FunAsr.AsrService.Program> asr, KestrelService<FunAsr.QaBot.Program> qabot,
        GatewayHost gateway, string storage)
    {
        Redis = redis;
        Asr = asr;
        Qabot = qabot;
        Gateway = gateway;
        _storage = storage;
    }

    public RedisServer Redis { get; }
    public KestrelService<FunAsr.AsrService.Program> Asr { get; }
    public KestrelService<FunAsr.QaBot.Program> Qabot { get; }
    public GatewayHost Gateway { get; }

    public static async Task<ServicesStack> StartAsync()
    {
        var redis = await RedisServer.StartAsync();
        var storage = Directory.CreateTempSubdirectory("funasr-page-stack-").FullName;
        var asr = new KestrelService<FunAsr.AsrService.Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["Asr:Model:Path"] = RepositoryPaths.KnownAnswerModel,
            ["Asr:Inference:IntraOpThreads"] = "1",
            ["Asr:Jobs:StoragePath"] = storage,
            ["Asr:Jobs:PollInterval"] = "00:00:00.100",
        });
        var qabot = new KestrelService<FunAsr.QaBot.Program>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["QaBot:Ingest:PollInterval"] = "00:00:00.050",
            ["QaBot:Ingest:ReconcileInterval"] = "00:00:00.200",
            ["services:asr:http:0"] = asr.Address.ToString().TrimEnd('/'),
        });
        var status = asr.Services.GetRequiredService<SpeechEngineStatus>();
        for (var waited = 0; status.State == SpeechEngineState.Loading && waited < 1200; waited++)
        {
            await Task.Delay(50);
        }
        Assert.Equal(SpeechEngineState.Ready, status.State);
        var gateway = new GatewayHost([], null, new Dictionary<string, string?>
        {
            ["services:asr:http:0"] = asr.Address.ToString().TrimEnd('/'),
            ["services:qabot:http:0"] = qabot.Address.ToString().TrimEnd('/'),
        });
        return new ServicesStack(redis, asr, qabot, gateway, storage);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Qabot.DisposeAsync();
        await Asr.DisposeAsync();
        await Redis.DisposeAsync();
        Directory.Delete(_storage, recursive: true);
    }
}
