using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Data.Accounts;
using FunAsr.Tests.Gateway;
using FunAsr.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunAsr.Tests.Data;

/// <summary>The same gateway on a real PostgreSQL server: migrated at start, accounts, keys and the append-only audit trail.</summary>
public sealed class PostgresTests : IAsyncLifetime
{
    private PostgresServer _postgres = null!;
    private StandInService _asr = null!;
    private StandInService _qabot = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        _asr = await StandInService.StartAsync("asr");
        _qabot = await StandInService.StartAsync("qabot");
    }

    public async Task DisposeAsync()
    {
        await _asr.DisposeAsync();
        await _qabot.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Two_gateways_migrate_one_new_postgresql_database_and_share_its_accounts_and_keys()
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:funasrdb"] = _postgres.ConnectionString("funasr_gateway") };
        await using var replicaA = new GatewayHost([_asr], _qabot, settings, withKeys: false);
        await using var replicaB = new GatewayHost([_asr], _qabot, settings, withKeys: false);
        await Task.WhenAll(Task.Run(() => replicaA.Address), Task.Run(() => replicaB.Address));

        await replicaA.CreateAccountAsync("pg.admin", "admin");
        using var admin = await replicaB.SignedInClientAsync("pg.admin");
        var minted = await (await admin.PostAsJsonAsync("/api/admin/keys", new { name = "etl", role = "employee", serviceName = "etl" })).Content.ReadFromJsonAsync<JsonElement>();
        using var key = replicaA.Client(minted.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/api/qa/lectures")).StatusCode);
        await admin.DeleteAsync($"/api/admin/keys/{minted.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await key.GetAsync("/api/qa/lectures")).StatusCode);

        await using var scope = replicaA.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AccountsDbContext>();
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        Assert.Contains(AuditKinds.KeyRevoked, await db.AuditEvents.Select(e => e.Kind).ToListAsync());
        var update = await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEvents.ExecuteUpdateAsync(e => e.SetProperty(x => x.Detail, "rewritten")));
        Assert.Contains("append-only", update.Message + update.InnerException?.Message);
        var truncate = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE \"AuditEvents\""));
        Assert.Contains("append-only", truncate.Message + truncate.InnerException?.Message);
    }
}
