using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Compliance.Audit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FunAsr.Tests.Compliance;

/// <summary>The hash-chained trail: every event appended, the database refusing edits, and an edit behind the service's back named by verification.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ComplianceHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<List<AuditRow>> TrailAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<AuditRow>>("/api/compliance/audit?count=1000", Json))!.OrderBy(r => r.Sequence).ToList();

    private static async Task AddEventsAsync(HttpClient officer)
    {
        foreach (var term in new[] { "Northwind Traders", "Project Juniper", "Contoso Bank" })
        {
            using var added = await officer.PostAsJsonAsync("/api/compliance/terms", new { term, kind = term.StartsWith("Project") ? "project" : "customer" });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
        using var hold = await officer.PostAsJsonAsync("/api/compliance/holds", new { subjectType = "lecture", subjectId = "lec-1", reason = "litigation 2026-17" });
        Assert.Equal(HttpStatusCode.Created, hold.StatusCode);
    }

    [Fact]
    public async Task Every_event_is_chained_to_the_one_before_and_the_chain_verifies()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await AddEventsAsync(officer);

        var rows = await TrailAsync(officer);
        Assert.Equal(["terms.changed", "terms.changed", "terms.changed", "hold.placed"], rows.Select(r => r.Kind));
        Assert.Equal(AuditChain.Genesis, rows[0].PreviousHash);
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.Equal(rows[i - 1].Hash, rows[i].PreviousHash);
        }
        Assert.All(rows, r => Assert.Equal("officer", r.ActorId));
        Assert.Contains("litigation 2026-17", rows[^1].Detail);

        var verification = await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json);
        Assert.True(verification!.Valid);
        Assert.Equal(4, verification.RowsChecked);
        Assert.Equal(rows[^1].Hash, verification.LastHash);

        // Only compliance users (admins) see the trail.
        using var employee = _host.Client(ComplianceHost.Person("emp-1"));
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync("/api/compliance/audit/verify")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Client(null).GetAsync("/api/compliance/audit/verify")).StatusCode);
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_audit_rows()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await AddEventsAsync(officer);
        await _host.WithDbAsync(async db =>
        {
            var update = await Assert.ThrowsAnyAsync<Exception>(() => db.AuditTrail.ExecuteUpdateAsync(s => s.SetProperty(a => a.Detail, "{}")));
            Assert.Contains("append-only", update.Message + update.InnerException?.Message);
            var delete = await Assert.ThrowsAnyAsync<Exception>(() => db.AuditTrail.Where(a => a.Sequence == 2).ExecuteDeleteAsync());
            Assert.Contains("append-only", delete.Message + delete.InnerException?.Message);
            return true;
        });
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
    }

    [Fact]
    public async Task A_row_edited_behind_the_services_back_is_named_by_verification()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await AddEventsAsync(officer);
        var rows = await TrailAsync(officer);
        var target = rows[1];

        // Someone with the database file drops the trigger, rewrites a row and puts the trigger back.
        await using (var raw = new SqliteConnection($"Data Source={_host.DatabaseFile};Pooling=false"))
        {
            await raw.OpenAsync();
            var command = raw.CreateCommand();
            command.CommandText = $"""
                DROP TRIGGER "ComplianceAudit_no_update";
                UPDATE "ComplianceAudit" SET "Detail" = replace("Detail", 'Project Juniper', 'Project Harmless') WHERE "Sequence" = {target.Sequence};
                CREATE TRIGGER "ComplianceAudit_no_update" BEFORE UPDATE ON "ComplianceAudit" BEGIN SELECT RAISE(ABORT, 'append-only'); END;
                """;
            await command.ExecuteNonQueryAsync();
        }

        var verification = await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json);
        Assert.False(verification!.Valid);
        Assert.Equal(target.Sequence, verification.FirstBrokenSequence);
        Assert.Contains("changed after it was written", verification.Problem);
        Assert.Equal(2, verification.RowsChecked);
    }

    [Fact]
    public async Task A_row_removed_behind_the_services_back_breaks_the_link_of_the_row_after_it()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await AddEventsAsync(officer);
        var rows = await TrailAsync(officer);

        await using (var raw = new SqliteConnection($"Data Source={_host.DatabaseFile};Pooling=false"))
        {
            await raw.OpenAsync();
            var command = raw.CreateCommand();
            command.CommandText = $"""DROP TRIGGER "ComplianceAudit_no_delete"; DELETE FROM "ComplianceAudit" WHERE "Sequence" = {rows[2].Sequence};""";
            await command.ExecuteNonQueryAsync();
        }

        var verification = await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json);
        Assert.False(verification!.Valid);
        Assert.Equal(rows[3].Sequence, verification.FirstBrokenSequence);
        Assert.Contains("removed or inserted", verification.Problem);
    }

    [Fact]
    public async Task The_record_once_lookup_of_a_reported_event_reads_an_index_not_every_row_of_its_kind()
    {
        // The same predicate AuditTrail.RecordOnceAsync checks before recording a redaction or a clear-text view.
        var plan = await _host.WithDbAsync(async db =>
        {
            var query = db.AuditTrail.Where(a => a.Kind == AuditKinds.RedactionApplied && a.Subject == "job-1").Select(a => a.Sequence).ToQueryString();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // Constants in the predicate are inlined, so the statement runs as it is.
            command.CommandText = "EXPLAIN QUERY PLAN " + query;
            await using var reader = await command.ExecuteReaderAsync();
            var steps = new List<string>();
            while (await reader.ReadAsync())
            {
                steps.Add(reader.GetString(3));
            }
            return string.Join(" | ", steps);
        });
        Assert.Contains("IX_ComplianceAudit_Kind_Subject", plan);
    }
}
