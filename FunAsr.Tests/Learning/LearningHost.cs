using System.Net;
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

namespace FunAsr.Tests.Learning;

/// <summary>
/// The real learning service on Kestrel (a free loopback port) with its own SQLite database in a temporary folder and
/// a known internal-token key; <see cref="Client"/> signs requests as the gateway would for a given caller.
/// </summary>
public sealed class LearningHost : WebApplicationFactory<FunAsr.Learning.Program>
{
    public const string SigningKey = "internal-signing-key-for-tests-0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"funasr-learning-{Guid.NewGuid():N}");
    private readonly TimeProvider _time;
    private Uri? _address;

    /// <param name="time">The service's clock (a fake one lets a test move days ahead).</param>
    public LearningHost(IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Database:DataDirectory"] = _dataDirectory,
            ["InternalAuth:SigningKey"] = SigningKey,
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

    public string DataDirectory => _dataDirectory;

    /// <summary>A client whose every request carries a fresh internal token for <paramref name="caller"/>, or none.</summary>
    public HttpClient Client(Caller? caller) => new(new TokenHandler(caller)) { BaseAddress = Address };

    public static Caller Person(string id, string role = Roles.Employee, string? department = "sales", string? name = null) =>
        new(id, name ?? id, role, department, null, $"req-{id}", 1800, 2);

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
        if (_time != TimeProvider.System)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_time));
        }
    }

    /// <summary>Signs with the real clock, as the gateway does: token lifetimes are checked against it, whatever the service's clock says.</summary>
    private sealed class TokenHandler(Caller? caller) : DelegatingHandler(new HttpClientHandler())
    {
        private static readonly InternalTokenIssuer Issuer = new(new FixedOptions(new InternalTokenOptions { SigningKey = SigningKey }), TimeProvider.System);

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
