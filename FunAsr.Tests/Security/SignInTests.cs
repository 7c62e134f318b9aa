using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Data.Accounts;
using FunAsr.Tests.Gateway;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Security;

/// <summary>Local accounts through the real gateway: the session cookie, lockout, attempt limits, cross-site refusal, the audit rows.</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private StandInService _asr = null!;
    private StandInService _qabot = null!;

    public async Task InitializeAsync()
    {
        _asr = await StandInService.StartAsync("asr");
        _qabot = await StandInService.StartAsync("qabot");
    }

    public async Task DisposeAsync()
    {
        await _asr.DisposeAsync();
        await _qabot.DisposeAsync();
    }

    [Fact]
    public async Task A_password_sign_in_sets_a_secure_http_only_strict_cookie_that_the_next_requests_use_until_sign_out()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, withKeys: false);
        await gateway.CreateAccountAsync("li.wei", "content", department: "warehouse");
        using var client = gateway.CookieClient();

        using var login = await client.PostAsJsonAsync("/api/account/login", new { userName = "li.wei", password = GatewayHost.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-funasr-session="));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/account/me");
        Assert.Equal("li.wei", me.GetProperty("name").GetString());
        Assert.Equal("content", me.GetProperty("role").GetString());
        Assert.Equal("warehouse", me.GetProperty("department").GetString());
        Assert.Equal("password", me.GetProperty("method").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/qa/lectures")).StatusCode);

        using var logout = await client.PostAsync("/api/account/logout", null);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var after = await client.GetAsync("/api/account/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);

        var kinds = await AuditKindsAsync(gateway);
        Assert.Contains(AuditKinds.SignIn, kinds);
        Assert.Contains(AuditKinds.SignOut, kinds);
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_account_so_even_the_right_one_is_refused_and_each_failure_is_audited()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, new Dictionary<string, string?> { ["Accounts:LockoutAttempts"] = "3" }, withKeys: false);
        await gateway.CreateAccountAsync("wang.fang", "employee");
        using var client = gateway.CookieClient();

        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/account/login", new { userName = "wang.fang", password = "not the password at all" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            using var problem = JsonDocument.Parse(await wrong.Content.ReadAsStringAsync());
            Assert.Equal("invalid_credentials", problem.RootElement.GetProperty("code").GetString());
        }
        using var locked = await client.PostAsJsonAsync("/api/account/login", new { userName = "wang.fang", password = GatewayHost.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);

        using var unknown = await client.PostAsJsonAsync("/api/account/login", new { userName = "nobody", password = GatewayHost.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        await using var scope = gateway.Services.CreateAsyncScope();
        var failures = await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().AuditEvents
            .Where(e => e.Kind == AuditKinds.SignInFailed).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(5, failures.Count);
        Assert.Equal("locked out", failures[3].Detail);
        Assert.Equal("nobody", failures[4].Subject);
        Assert.All(failures, f => Assert.Equal("127.0.0.1", f.ClientAddress));
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_account_and_per_client_address_with_retry_after()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, new Dictionary<string, string?>
        {
            ["Accounts:SignInAttemptsPerAccount"] = "2",
            ["Accounts:SignInAttemptsPerAddress"] = "4",
            ["Accounts:LockoutAttempts"] = "100",
        }, withKeys: false);
        await gateway.CreateAccountAsync("zhao.lei", "employee");
        using var client = gateway.CookieClient();

        async Task<HttpResponseMessage> Attempt(string user, string password) =>
            await client.PostAsJsonAsync("/api/account/login", new { userName = user, password });

        Assert.Equal(HttpStatusCode.Unauthorized, (await Attempt("zhao.lei", "wrong-wrong-wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Attempt("zhao.lei", GatewayHost.Password)).StatusCode);
        // The account's budget is spent even for the right password.
        using var perAccount = await Attempt("ZHAO.LEI", GatewayHost.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, perAccount.StatusCode);
        Assert.InRange(int.Parse(perAccount.Headers.GetValues("Retry-After").Single()), 1, 15 * 60);
        using (var problem = JsonDocument.Parse(await perAccount.Content.ReadAsStringAsync()))
        {
            Assert.Equal("signin_throttled", problem.RootElement.GetProperty("code").GetString());
        }

        // Other accounts from the same address until the address's budget (4) is spent; a refused attempt costs nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Attempt("someone-else", "x")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Attempt("a-third-name", "x")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Attempt("a-fourth-name", "x")).StatusCode);
    }

    [Fact]
    public async Task Forwarded_for_headers_from_an_unlisted_address_do_not_change_whose_attempts_are_counted()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, new Dictionary<string, string?> { ["Accounts:SignInAttemptsPerAddress"] = "2" }, withKeys: false);
        using var client = gateway.CookieClient();
        for (var i = 0; i < 2; i++)
        {
            using var attempt = new HttpRequestMessage(HttpMethod.Post, "/api/account/login") { Content = JsonContent.Create(new { userName = $"user{i}", password = "x" }) };
            attempt.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(attempt)).StatusCode);
        }
        using var third = new HttpRequestMessage(HttpMethod.Post, "/api/account/login") { Content = JsonContent.Create(new { userName = "user9", password = "x" }) };
        third.Headers.Add("X-Forwarded-For", "203.0.113.9");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(third)).StatusCode);
    }

    [Fact]
    public async Task Forwarded_for_headers_from_a_configured_proxy_give_each_client_its_own_attempts()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, new Dictionary<string, string?>
        {
            ["Accounts:SignInAttemptsPerAddress"] = "1",
            ["Gateway:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        }, withKeys: false);
        using var client = gateway.CookieClient();
        for (var i = 0; i < 3; i++)
        {
            using var attempt = new HttpRequestMessage(HttpMethod.Post, "/api/account/login") { Content = JsonContent.Create(new { userName = $"user{i}", password = "x" }) };
            attempt.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(attempt)).StatusCode);
        }
        await using var scope = gateway.Services.CreateAsyncScope();
        var addresses = await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().AuditEvents.Select(e => e.ClientAddress!).ToListAsync();
        Assert.Equal(["203.0.113.0", "203.0.113.1", "203.0.113.2"], addresses.Order().ToArray());
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "https://evil.example.com")]
    public async Task A_cross_site_request_with_the_session_cookie_is_refused(string header, string value)
    {
        await using var gateway = new GatewayHost([_asr], _qabot, withKeys: false);
        await gateway.CreateAccountAsync("content.owner", "content");
        using var client = await gateway.SignedInClientAsync("content.owner");

        using var forged = new HttpRequestMessage(HttpMethod.Delete, "/api/qa/lectures/lec-1");
        forged.Headers.Add(header, value);
        using var response = await client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, _qabot.Count(r => r.Method == "DELETE"));

        using var sameOrigin = new HttpRequestMessage(HttpMethod.Delete, "/api/qa/lectures/lec-1");
        sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(sameOrigin)).StatusCode);
    }

    [Fact]
    public async Task Bootstrap_creates_the_first_admin_once_and_only_while_no_admin_exists()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, new Dictionary<string, string?>
        {
            ["Accounts:Bootstrap:UserName"] = "first.admin",
            ["Accounts:Bootstrap:Password"] = "a long first password",
        }, withKeys: false);
        using var admin = await gateway.SignedInClientAsync("first.admin", "a long first password");
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/account/me");
        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Contains(AuditKinds.AccountCreated, await AuditKindsAsync(gateway));
    }

    [Fact]
    public async Task A_weak_password_is_refused_by_the_policy()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, new Dictionary<string, string?>
        {
            ["Accounts:Bootstrap:UserName"] = "first.admin",
            ["Accounts:Bootstrap:Password"] = "a long first password",
        }, withKeys: false);
        using var admin = await gateway.SignedInClientAsync("first.admin", "a long first password");
        using var weak = await admin.PostAsJsonAsync("/api/admin/users", new { userName = "new.person", password = "short1", role = "employee" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        using var problem = JsonDocument.Parse(await weak.Content.ReadAsStringAsync());
        Assert.Equal("account_rejected", problem.RootElement.GetProperty("code").GetString());
        Assert.Contains("12", problem.RootElement.GetProperty("detail").GetString());
    }

    internal static async Task<List<string>> AuditKindsAsync(GatewayHost gateway)
    {
        await using var scope = gateway.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().AuditEvents.OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
    }
}
