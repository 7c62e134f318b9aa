using System.Net.Http.Headers;
using FunAsr.Security.Authorization;
using FunAsr.Security.InternalTokens;
using Microsoft.Extensions.Options;

namespace FunAsr.Tests.Security;

/// <summary>
/// Internal tokens as the gateway signs them, for tests that call a service directly: the same key the test gateway
/// and the test services use, and a lifetime long enough for a whole test class.
/// </summary>
public static class TestTokens
{
    public const string SigningKey = Gateway.GatewayHost.SigningKey;

    /// <summary>The default caller of direct service tests: an admin with quotas no test exhausts.</summary>
    public static readonly Caller Admin = Person("test-admin", Roles.Admin);

    public static Caller Person(string subject, string role, string? department = null, int audioSecondsPerHour = 1_000_000, int concurrentJobs = 1000) =>
        new(subject, subject, role, department, null, null, audioSecondsPerHour, concurrentJobs);

    public static string For(Caller caller, string key = SigningKey, TimeProvider? time = null) =>
        Issuer(key, time).Issue(caller);

    public static string Anonymous(string key = SigningKey) => Issuer(key, null).IssueAnonymous("test");

    /// <summary>Every request from <paramref name="client"/> acts as <paramref name="caller"/> from now on.</summary>
    public static HttpClient ActAs(this HttpClient client, Caller caller)
    {
        client.DefaultRequestHeaders.Remove(InternalAuthentication.HeaderName);
        client.DefaultRequestHeaders.TryAddWithoutValidation(InternalAuthentication.HeaderName, For(caller));
        return client;
    }

    /// <summary>Requests from <paramref name="client"/> carry no gateway token.</summary>
    public static HttpClient Anonymously(this HttpClient client)
    {
        client.DefaultRequestHeaders.Remove(InternalAuthentication.HeaderName);
        return client;
    }

    /// <summary>An issuer signing with the test key, as a service that relays requests holds one.</summary>
    public static InternalTokenIssuer Issuer() => Issuer(SigningKey, null);

    private static InternalTokenIssuer Issuer(string key, TimeProvider? time) =>
        new(new Fixed(new InternalTokenOptions { SigningKey = key, Lifetime = TimeSpan.FromHours(2) }), time ?? TimeProvider.System);

    private sealed class Fixed(InternalTokenOptions value) : IOptionsMonitor<InternalTokenOptions>
    {
        public InternalTokenOptions CurrentValue => value;
        public InternalTokenOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<InternalTokenOptions, string?> listener) => null;
    }
}
