using System.Net;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Security.Authorization;
using FunAsr.Security.InternalTokens;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunAsr.Tests.Compliance;

/// <summary>
/// The real learning service (with its compliance part) on Kestrel at a free loopback port, its own SQLite database in
/// a temporary folder, a known internal-token key, and optionally a clock the test moves. <see cref="Client"/> signs
/// each request as the gateway would for a given caller.
/// </summary>
public sealed class ComplianceHost : WebApplicationFactory<FunAsr.Learning.Program>
{
    public const string SigningKey = "internal-signing-key-for-compliance-tests-0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly TimeProvider? _time;
    private readonly Action<IServiceCollection>? _services;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"funasr-compliance-{Guid.NewGuid():N}");
    private Uri? _address;

    public ComplianceHost(IDictionary<string, string?>? settings = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        _time = time;
        _services = services;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("COMPLIANCE_TEST_LOG") ?? "Warning",
            ["Database:DataDirectory"] = _dataDirectory,
            ["InternalAuth:SigningKey"] = SigningKey,
            ["Compliance:WebhookDispatch:PollInterval"] = "00:00:00.050",
            ["Compliance:WebhookDispatch:FirstRetry"] = "00:00:00.200",
            ["Compliance:WebhookDispatch:MaxRetry"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

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

    public string DatabaseFile => Path.Combine(_dataDirectory, "funasr.db");

    public string DataDirectory => _dataDirectory;

    /// <summary>A client whose every request carries a fresh internal token for <paramref name="caller"/>, or none.</summary>
    public HttpClient Client(Caller? caller) => new(new TokenHandler(caller, _settings["InternalAuth:SigningKey"]!)) { BaseAddress = Address };

    public static Caller Person(string id, string role = Roles.Employee, string? department = "sales", string? name = null,
        DateTimeOffset? reauthenticatedAt = null, string method = "password") =>
        new(id, name ?? id, role, department, null, $"req-{id}", 1800, 2, method, reauthenticatedAt);

    public static Caller Officer => Person("officer", Roles.Admin, "compliance", "Olivia Officer");

    public async Task<T> WithDbAsync<T>(Func<ComplianceDbContext, Task<T>> work)
    {
        _ = Address;
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ComplianceDbContext>());
    }

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
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_time));
        }
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    private sealed class TokenHandler(Caller? caller, string signingKey) : DelegatingHandler(new HttpClientHandler())
    {
        private readonly InternalTokenIssuer Issuer = new(new FixedOptions(new InternalTokenOptions { SigningKey = signingKey }), TimeProvider.System);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (caller is not null)
            {
                request.Headers.Remove(InternalAuthentication.HeaderName);
                request.Headers.Add(InternalAuthentication.HeaderName, Issuer.Issue(caller));
            }
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class FixedOptions(InternalTokenOptions value) : IOptionsMonitor<InternalTokenOptions>
    {
        public InternalTokenOptions CurrentValue => value;
        public InternalTokenOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<InternalTokenOptions, string?> listener) => null;
    }
}
