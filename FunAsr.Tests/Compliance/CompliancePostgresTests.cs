using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FunAsr.Tests.Compliance;

/// <summary>The compliance schema on a real PostgreSQL server: migrated at start, append-only for the service, and a superuser's edit found by the chain.</summary>
public sealed class CompliancePostgresTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    [Fact]
    public async Task On_postgresql_the_trail_refuses_edits_and_a_superusers_edit_is_named()
    {
        var connection = _postgres.ConnectionString("funasr_compliance");
        await using var host = new ComplianceHost(new Dictionary<string, string?> { ["ConnectionStrings:funasrdb"] = connection });
        using var officer = host.Client(ComplianceHost.Officer);
        foreach (var term in new[] { "Northwind Traders", "Contoso Bank", "Fabrikam" })
        {
            (await officer.PostAsJsonAsync("/api/compliance/terms", new { term, kind = "customer" })).EnsureSuccessStatusCode();
        }
        await host.WithDbAsync(async db =>
        {
            Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
            var update = await Assert.ThrowsAnyAsync<Exception>(() => db.AuditTrail.ExecuteUpdateAsync(s => s.SetProperty(a => a.Detail, "{}")));
            Assert.Contains("append-only", update.Message + update.InnerException?.Message);
            var truncate = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE \"ComplianceAudit\""));
            Assert.Contains("append-only", truncate.Message + truncate.InnerException?.Message);
            return true;
        });
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);

        // The superuser disables the trigger for one edit.
        await using (var raw = new NpgsqlConnection(connection))
        {
            await raw.OpenAsync();
            await using var command = new NpgsqlCommand("""
                ALTER TABLE "ComplianceAudit" DISABLE TRIGGER "ComplianceAudit_no_change";
                UPDATE "ComplianceAudit" SET "ActorName" = 'Someone Else' WHERE "Sequence" = (SELECT max("Sequence") FROM "ComplianceAudit");
                ALTER TABLE "ComplianceAudit" ENABLE TRIGGER "ComplianceAudit_no_change";
                """, raw);
            await command.ExecuteNonQueryAsync();
        }
        var verification = await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json);
        Assert.False(verification!.Valid);
        Assert.Equal(3, verification.RowsChecked);
        var last = await host.WithDbAsync(db => db.AuditTrail.MaxAsync(a => a.Sequence));
        Assert.Equal(last, verification.FirstBrokenSequence);
    }

    [Fact]
    public async Task On_postgresql_a_chain_a_superuser_rewrote_whole_after_a_checkpoint_is_caught_by_it()
    {
        var connection = _postgres.ConnectionString("funasr_compliance_anchor");
        await using var host = new ComplianceHost(new Dictionary<string, string?> { ["ConnectionStrings:funasrdb"] = connection }, services: Anchoring.WithoutAnchorJob);
        using var officer = host.Client(ComplianceHost.Officer);
        await Anchoring.AddTermsAsync(officer, "Northwind Traders", "Project Juniper", "Contoso Bank");
        var checkpoint = (await Anchoring.AnchorAsync(officer)).Checkpoint!;
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
        var rows = await Anchoring.TrailAsync(officer);

        // The superuser disables the trigger, rewrites the second row and recomputes every hash after it, in one transaction.
        await using (var raw = new NpgsqlConnection(connection))
        {
            await raw.OpenAsync();
            await using var transaction = await raw.BeginTransactionAsync();
            await new NpgsqlCommand("""ALTER TABLE "ComplianceAudit" DISABLE TRIGGER "ComplianceAudit_no_change";""", raw, transaction).ExecuteNonQueryAsync();
            foreach (var row in Anchoring.Rewrite(rows, rows[1].Sequence, "Project Juniper", "Project Harmless"))
            {
                await using var update = new NpgsqlCommand("""
                    UPDATE "ComplianceAudit" SET "Detail" = @detail, "PreviousHash" = @previous, "Hash" = @hash WHERE "Sequence" = @sequence
                    """, raw, transaction);
                update.Parameters.AddWithValue("detail", row.Detail);
                update.Parameters.AddWithValue("previous", row.PreviousHash);
                update.Parameters.AddWithValue("hash", row.Hash);
                update.Parameters.AddWithValue("sequence", row.Sequence);
                Assert.Equal(1, await update.ExecuteNonQueryAsync());
            }
            await new NpgsqlCommand("""ALTER TABLE "ComplianceAudit" ENABLE TRIGGER "ComplianceAudit_no_change";""", raw, transaction).ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        await Anchoring.AssertRewriteIsCaughtAsync(officer, checkpoint);
    }

    [Fact]
    public async Task On_postgresql_racing_first_sightings_of_a_person_record_one_row_and_log_no_error()
    {
        var logs = new LogCollector();
        await using var host = new ComplianceHost(new Dictionary<string, string?> { ["ConnectionStrings:funasrdb"] = _postgres.ConnectionString("funasr_compliance_people") },
            services: services => services.AddSingleton<ILoggerProvider>(logs));
        await PeopleDirectoryTests.AssertRacingFirstSightingsAsync(host, logs);
    }

    [Fact]
    public async Task On_postgresql_a_clear_text_view_is_recorded_once_however_often_it_is_delivered()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var host = new ComplianceHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:funasrdb"] = _postgres.ConnectionString("funasr_compliance_access"),
            ["ConnectionStrings:cache"] = redis.ConnectionString,
        });
        using var officer = host.Client(ComplianceHost.Officer);
        await using var client = await redis.ConnectAsync();
        var view = JsonSerializer.Serialize(new FunAsr.Messaging.ClearTextAccess("req-pg", "lec-9", "Board briefing", "olivia", "Olivia Officer", "admin",
            DateTimeOffset.UtcNow), Json);
        var later = JsonSerializer.Serialize(new FunAsr.Messaging.ClearTextAccess("req-pg-later", "lec-9", "Board briefing", "chen", null, "content",
            DateTimeOffset.UtcNow), Json);
        foreach (var value in new[] { view, view, "{not json", later })
        {
            await client.GetDatabase().StreamAddAsync(FunAsr.Messaging.ComplianceChannels.AccessStream, FunAsr.Messaging.ComplianceChannels.AccessField, value);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        List<AuditRow> rows;
        while (!(rows = (await officer.GetFromJsonAsync<List<AuditRow>>($"/api/compliance/audit?kind={AuditKinds.ClearTextViewed}", Json))!)
                   .Any(r => r.Subject == "req-pg-later"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the trail holds {rows.Count} clear-text views");
            await Task.Delay(50);
        }
        Assert.Equal(["req-pg", "req-pg-later"], rows.OrderBy(r => r.Sequence).Select(r => r.Subject));
        Assert.Equal(["olivia", "chen"], rows.OrderBy(r => r.Sequence).Select(r => r.ActorId));
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
    }

    [Fact]
    public async Task On_postgresql_a_redaction_is_recorded_once_however_often_it_is_delivered()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var host = new ComplianceHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:funasrdb"] = _postgres.ConnectionString("funasr_compliance_redactions"),
            ["ConnectionStrings:cache"] = redis.ConnectionString,
        });
        using var officer = host.Client(ComplianceHost.Officer);
        await using var client = await redis.ConnectAsync();
        var redaction = JsonSerializer.Serialize(RedactionAuditTests.Redaction("job-pg"), Json);
        var later = JsonSerializer.Serialize(RedactionAuditTests.Redaction("req-pg-later", FunAsr.Messaging.RedactionSources.Transcription, submitterId: null), Json);
        foreach (var value in new[] { redaction, redaction, "{not json", later })
        {
            await client.GetDatabase().StreamAddAsync(FunAsr.Messaging.ComplianceChannels.RedactionsStream, FunAsr.Messaging.ComplianceChannels.RedactionField, value);
        }

        var rows = (await ComplianceStreamTests.WaitForRowsAsync(officer, AuditKinds.RedactionApplied, rows => rows.Any(r => r.Subject == "req-pg-later"))).OrderBy(r => r.Sequence).ToList();
        Assert.Equal(["job-pg", "req-pg-later"], rows.Select(r => r.Subject));
        Assert.Equal(["chen", AuditActor.Job("asr").Id], rows.Select(r => r.ActorId));
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
    }

    public static TheoryData<string> Engines => ["sqlite", "postgresql"];

    [Theory]
    [MemberData(nameof(Engines))]
    public void Each_engines_migrations_describe_the_current_model(string engine)
    {
        var assembly = typeof(ComplianceDbContext).Assembly;
        using DbContext db = engine == "sqlite"
            ? ((IDesignTimeDbContextFactory<SqliteComplianceDbContext>)Activator.CreateInstance(assembly.GetType("FunAsr.Learning.Compliance.Data.SqliteComplianceDesignFactory")!, true)!).CreateDbContext([])
            : ((IDesignTimeDbContextFactory<PostgreSqlComplianceDbContext>)Activator.CreateInstance(assembly.GetType("FunAsr.Learning.Compliance.Data.PostgreSqlComplianceDesignFactory")!, true)!).CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), $"the {engine} compliance migrations are behind the model: add a migration for it");
        Assert.Contains(db.Database.GetMigrations(), m => m.EndsWith("_ComplianceAppendOnly"));
    }
}
