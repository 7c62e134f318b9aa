using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Data.Accounts;
using FunAsr.Tests.Gateway;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Security;

/// <summary>Keys minted by an admin: shown once, stored hashed, listed without secrets, revoked at once on every replica.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
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
    public async Task An_admin_mints_a_key_that_openai_clients_use_as_bearer_and_revoking_it_refuses_the_next_request()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, withKeys: false);
        await gateway.CreateAccountAsync("the.admin", "admin");
        using var admin = await gateway.SignedInClientAsync("the.admin");

        using var minted = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "LMS sync", role = "content", serviceName = "lms-sync", expiresInDays = 30 });
        Assert.Equal(HttpStatusCode.Created, minted.StatusCode);
        var body = await minted.Content.ReadFromJsonAsync<JsonElement>();
        var key = body.GetProperty("key").GetString()!;
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith($"fak_{id}_", key);

        using var sdk = new HttpClient { BaseAddress = gateway.Address };
        sdk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await sdk.GetAsync("/v1/models")).StatusCode);
        var seen = _asr.Seen.Last();
        Assert.False(seen.Headers.ContainsKey("Authorization"), "the caller's key must not reach the service");

        var listed = await admin.GetStringAsync("/api/admin/keys");
        // The secret is all that follows the key's "fak_{id}_" prefix (it may itself hold '_').
        Assert.DoesNotContain(key[$"fak_{id}_".Length..], listed);
        var entry = JsonDocument.Parse(listed).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.Equal("active", entry.GetProperty("status").GetString());
        Assert.Equal("lms-sync", entry.GetProperty("serviceName").GetString());

        await using (var scope = gateway.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().ApiKeys.SingleAsync(k => k.Id == id);
            Assert.Equal(32, stored.SecretHash.Length);
        }

        using var revoke = await admin.DeleteAsync($"/api/admin/keys/{id}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        using var refused = await sdk.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("revoked_api_key", error.GetProperty("code").GetString());

        var kinds = await SignInTests.AuditKindsAsync(gateway);
        Assert.Contains(AuditKinds.KeyMinted, kinds);
        Assert.Contains(AuditKinds.KeyRevoked, kinds);
    }

    [Fact]
    public async Task A_key_revoked_on_one_replica_is_refused_at_once_by_another_sharing_the_database()
    {
        var shared = Path.Combine(Path.GetTempPath(), $"funasr-shared-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?> { ["Database:DataDirectory"] = shared };
        try
        {
            await using var replicaA = new GatewayHost([_asr], _qabot, settings, withKeys: false);
            await using var replicaB = new GatewayHost([_asr], _qabot, settings, withKeys: false);
            _ = replicaB.Address;
            await replicaA.CreateAccountAsync("the.admin", "admin");
            using var admin = await replicaA.SignedInClientAsync("the.admin");
            var body = await (await admin.PostAsJsonAsync("/api/admin/keys", new { name = "batch", role = "employee", serviceName = "batch" }))
                .Content.ReadFromJsonAsync<JsonElement>();
            var key = body.GetProperty("key").GetString()!;

            using var onB = replicaB.Client(key);
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/qa/lectures")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/keys/{body.GetProperty("id").GetString()}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync("/api/qa/lectures")).StatusCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(shared, recursive: true);
        }
    }

    [Fact]
    public async Task A_persons_key_never_acts_above_the_persons_current_role_and_ends_with_a_disabled_account()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, withKeys: false);
        await gateway.CreateAccountAsync("the.admin", "admin");
        var author = await gateway.CreateAccountAsync("author", "content", department: "sales");
        using var admin = await gateway.SignedInClientAsync("the.admin");

        using var tooHigh = await admin.PostAsJsonAsync("/api/admin/keys", new { name = "x", role = "admin", accountId = author.Id });
        Assert.Equal(HttpStatusCode.BadRequest, tooHigh.StatusCode);
        var key = (await (await admin.PostAsJsonAsync("/api/admin/keys", new { name = "laptop", role = "content", accountId = author.Id }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        using var client = gateway.Client(key);
        var before = await client.GetFromJsonAsync<JsonElement>("/api/account/me");
        Assert.Equal(("content", "sales", author.Id), (before.GetProperty("role").GetString(), before.GetProperty("department").GetString(), before.GetProperty("id").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{author.Id}", new { role = "employee" })).StatusCode);
        var after = await client.GetFromJsonAsync<JsonElement>("/api/account/me");
        Assert.Equal("employee", after.GetProperty("role").GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{author.Id}", new { disabled = true })).StatusCode);
        using var disabled = await client.GetAsync("/api/account/me");
        Assert.Equal(HttpStatusCode.Unauthorized, disabled.StatusCode);
        Assert.Contains("account_disabled", await disabled.Content.ReadAsStringAsync());

        var kinds = await SignInTests.AuditKindsAsync(gateway);
        Assert.Contains(AuditKinds.RoleChanged, kinds);
        Assert.Contains(AuditKinds.AccountDisabled, kinds);
    }

    [Theory]
    [InlineData("employee")]
    [InlineData("content")]
    public async Task Only_admins_reach_the_admin_endpoints(string role)
    {
        await using var gateway = new GatewayHost([_asr], _qabot, withKeys: false);
        await gateway.CreateAccountAsync("someone", role);
        using var client = await gateway.SignedInClientAsync("someone");
        foreach (var path in new[] { "/api/admin/keys", "/api/admin/users", "/api/admin/audit" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("forbidden", await response.Content.ReadAsStringAsync());
        }
        using var mint = await client.PostAsJsonAsync("/api/admin/keys", new { name = "mine", role, serviceName = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted_or_disabled()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, withKeys: false);
        var only = await gateway.CreateAccountAsync("only.admin", "admin");
        using var admin = await gateway.SignedInClientAsync("only.admin");
        using var demote = await admin.PatchAsJsonAsync($"/api/admin/users/{only.Id}", new { role = "content" });
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        using var disable = await admin.PatchAsJsonAsync($"/api/admin/users/{only.Id}", new { disabled = true });
        Assert.Equal(HttpStatusCode.Conflict, disable.StatusCode);
    }

    [Fact]
    public async Task The_page_trades_a_key_for_a_session_that_ends_when_the_key_is_revoked()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, withKeys: false);
        await gateway.CreateAccountAsync("the.admin", "admin");
        using var admin = await gateway.SignedInClientAsync("the.admin");
        var body = await (await admin.PostAsJsonAsync("/api/admin/keys", new { name = "kiosk", role = "employee", serviceName = "kiosk" }))
            .Content.ReadFromJsonAsync<JsonElement>();

        using var page = gateway.CookieClient();
        using var login = await page.PostAsJsonAsync("/api/account/login/key", new { key = body.GetProperty("key").GetString() });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/api/qa/lectures")).StatusCode);

        await admin.DeleteAsync($"/api/admin/keys/{body.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await page.GetAsync("/api/qa/lectures")).StatusCode);
    }

    [Fact]
    public async Task The_audit_trail_is_readable_by_admins_newest_first_and_refuses_updates_and_deletes()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, withKeys: false);
        await gateway.CreateAccountAsync("the.admin", "admin");
        using var admin = await gateway.SignedInClientAsync("the.admin");
        await admin.PostAsJsonAsync("/api/admin/keys", new { name = "one", role = "employee", serviceName = "one" });

        var page = await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=10");
        var events = page.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(AuditKinds.KeyMinted, events[0].GetProperty("kind").GetString());
        Assert.Equal(AuditKinds.SignIn, events[1].GetProperty("kind").GetString());
        Assert.Equal("the.admin", events[0].GetProperty("actorName").GetString());
        var filtered = await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?kind=sign_in");
        Assert.All(filtered.GetProperty("events").EnumerateArray(), e => Assert.Equal("sign_in", e.GetProperty("kind").GetString()));

        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        var update = await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEvents.ExecuteUpdateAsync(e => e.SetProperty(x => x.Detail, "rewritten")));
        Assert.Contains("append-only", update.Message + update.InnerException?.Message);
        var delete = await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEvents.ExecuteDeleteAsync());
        Assert.Contains("append-only", delete.Message + delete.InnerException?.Message);
        Assert.True(await db.AuditEvents.CountAsync() >= 2);
    }

    [Fact]
    public async Task A_lecture_deletion_the_service_confirms_is_audited_with_who_asked()
    {
        await using var gateway = new GatewayHost([_asr], _qabot, withKeys: false);
        await gateway.CreateAccountAsync("author", "content");
        using var author = await gateway.SignedInClientAsync("author");
        Assert.Equal(HttpStatusCode.OK, (await author.DeleteAsync("/api/qa/lectures/lec-42")).StatusCode);

        await using var scope = gateway.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().AuditEvents.SingleAsync(e => e.Kind == AuditKinds.LectureDeleted);
        Assert.Equal(("lec-42", "author"), (row.Subject, row.ActorName));
        Assert.NotNull(row.RequestId);
    }
}
