using System.Net;
using FunAsr.Data.Accounts;
using FunAsr.Gateway.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Gateway;

/// <summary>
/// The real gateway on Kestrel (a free loopback port), configured as the AppHost would: service-discovery entries
/// <c>services:asr:http:N</c> pointing at stand-in services, its own SQLite accounts database in a temporary
/// folder, a known internal-token key, plus whatever settings a test adds.
/// </summary>
public sealed class GatewayHost : WebApplicationFactory<FunAsr.Gateway.Program>
{
    public const string Key = "test-key-0123456789abcdef";
    public const string OtherKey = "test-key-fedcba9876543210";
    public const string SigningKey = "internal-signing-key-for-tests-0123456789";
    public const string Password = "correct horse battery";

    private readonly Dictionary<string, string?> _settings;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"funasr-gateway-{Guid.NewGuid():N}");

    public GatewayHost(IEnumerable<StandInService> asrReplicas, StandInService? qabot, IDictionary<string, string?>? settings = null, bool withKeys = true)
    {
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            // Probe often so a stopped replica is noticed within a test's patience.
            ["ReverseProxy:Clusters:asr:HealthCheck:Active:Interval"] = "00:00:01",
            ["ReverseProxy:Clusters:asr:HealthCheck:Active:Timeout"] = "00:00:05",
            ["ReverseProxy:Clusters:asr:Metadata:ConsecutiveFailuresHealthPolicy.Threshold"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Database:DataDirectory"] = _dataDirectory,
            ["InternalAuth:SigningKey"] = SigningKey,
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

    public string DataDirectory => _dataDirectory;

    /// <summary>Creates a local account with one role, as an admin would.</summary>
    public async Task<Account> CreateAccountAsync(string userName, string role, string? department = null, string password = Password)
    {
        _ = Address;
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = new Account { UserName = userName, DisplayName = userName, Department = department, CreatedAt = DateTime.UtcNow };
        var created = await users.CreateAsync(account, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        await scope.ServiceProvider.GetRequiredService<AccountDirectory>().SetRoleAsync(account, role);
        return account;
    }

    /// <summary>Signs in by password and returns a client that carries the session cookie, as a browser would.</summary>
    public async Task<HttpClient> SignedInClientAsync(string userName, string password = Password)
    {
        var client = new HttpClient(new SessionCookieHandler(new HttpClientHandler { UseCookies = false })) { BaseAddress = Address };
        using var response = await client.PostAsJsonAsync("/api/account/login", new { userName, password });
        Assert.True(response.IsSuccessStatusCode, $"sign-in as {userName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>A client that keeps cookies by hand: the session cookie is Secure, which HttpClient would not send over http.</summary>
    public HttpClient CookieClient() => new(new SessionCookieHandler(new HttpClientHandler { UseCookies = false })) { BaseAddress = Address };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As host settings, so Program sees them while it registers services (app configuration arrives too late for that).
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
