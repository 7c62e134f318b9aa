using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Learning.Compliance.Audit.Anchors;
using FunAsr.Learning.Compliance.Data;
using FunAsr.Learning.Compliance.Reports;
using FunAsr.Learning.Compliance.Webhooks;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Gateway;
using FunAsr.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FunAsr.Tests.Compliance;

/// <summary>What the anchor tests share, on SQLite and PostgreSQL.</summary>
public static class Anchoring
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The test decides when checkpoints are written: the background job (which also runs at start) is left out.</summary>
    public static void WithoutAnchorJob(IServiceCollection services)
    {
        foreach (var job in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(FunAsr.Learning.Compliance.Jobs.AnchorJob)).ToList())
        {
            services.Remove(job);
        }
    }

    /// <summary>The signed text exactly as docs/compliance.md describes it, rebuilt here apart from the service's code.</summary>
    public static byte[] SignedText(Checkpoint c) => Encoding.UTF8.GetBytes(
        $"funasr-compliance-audit-checkpoint/v1\nsequence {c.Sequence}\nhash {c.Hash}\nrows {c.Rows}\n" +
        $"at {c.At.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture)}\nkey {c.KeyId}\n");

    public static async Task AddTermsAsync(HttpClient officer, params string[] terms)
    {
        foreach (var term in terms)
        {
            using var added = await officer.PostAsJsonAsync("/api/compliance/terms", new { term, kind = "customer" });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }
    }

    public static async Task<AnchorResult> AnchorAsync(HttpClient officer)
    {
        using var response = await officer.PostAsync("/api/compliance/audit/anchors", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AnchorResult>(Json))!;
    }

    public static async Task<List<AuditRow>> TrailAsync(HttpClient officer) =>
        (await officer.GetFromJsonAsync<List<AuditRow>>("/api/compliance/audit?count=1000", Json))!.OrderBy(r => r.Sequence).ToList();

    /// <summary>
    /// What a superuser can do: change one row's detail and recompute every hash from it on exactly as the chain does,
    /// so each row links to the one before and matches its own hash again. Returns the rewritten rows.
    /// </summary>
    public static List<AuditRow> Rewrite(List<AuditRow> rows, long target, string from, string to)
    {
        var rewritten = new List<AuditRow>();
        var previous = rows.TakeWhile(r => r.Sequence < target).LastOrDefault()?.Hash ?? AuditChain.Genesis;
        foreach (var row in rows.Where(r => r.Sequence >= target))
        {
            var record = new AuditRecord
            {
                At = row.At, Kind = row.Kind, ActorId = row.ActorId, ActorName = row.ActorName, Subject = row.Subject,
                Detail = row.Sequence == target ? row.Detail.Replace(from, to, StringComparison.Ordinal) : row.Detail, PreviousHash = previous, Hash = "",
            };
            record.Hash = AuditChain.HashOf(previous, record);
            rewritten.Add(row with { Detail = record.Detail, PreviousHash = previous, Hash = record.Hash });
            previous = record.Hash;
        }
        return rewritten;
    }

    /// <summary>
    /// After the superuser's rewrite of the second row (every link holding again): the row is rewritten, the chain walk alone
    /// would pass, and verification names the checkpoint that no longer matches. Returns the verification for further checks.
    /// </summary>
    public static async Task<AuditVerification> AssertRewriteIsCaughtAsync(HttpClient officer, Checkpoint checkpoint)
    {
        var after = await TrailAsync(officer);
        Assert.Contains("Project Harmless", after[1].Detail);
        AssertEveryLinkHolds(after);

        var verification = (await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!;
        Assert.False(verification.Valid);
        Assert.Equal(checkpoint.Sequence, verification.FirstBrokenSequence);
        Assert.Contains($"Checkpoint of row {checkpoint.Sequence}", verification.Problem);
        Assert.Contains("rewritten", verification.Problem);
        Assert.Equal(checkpoint, verification.Anchors!.Broken);
        return verification;
    }

    /// <summary>The in-database walk, done here on the rows as read back: every link and every hash.</summary>
    public static void AssertEveryLinkHolds(List<AuditRow> rows)
    {
        var previous = AuditChain.Genesis;
        foreach (var row in rows)
        {
            Assert.Equal(previous, row.PreviousHash);
            Assert.Equal(row.Hash, AuditChain.HashOf(row.PreviousHash, new AuditRecord
            {
                At = row.At, Kind = row.Kind, ActorId = row.ActorId, ActorName = row.ActorName, Subject = row.Subject, Detail = row.Detail,
                PreviousHash = row.PreviousHash, Hash = row.Hash,
            }));
            previous = row.Hash;
        }
    }
}

/// <summary>
/// Checkpoints of the audit head kept outside the database: signed with a key whose public half is served, written to
/// a file and a Redis stream, and used by verification to catch a chain a database superuser rewrote whole.
/// </summary>
public sealed class AuditAnchorTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ComplianceHost _host = new(services: Anchoring.WithoutAnchorJob);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string AnchorFile => Path.Combine(_host.DataDirectory, "compliance", "anchors", FileAnchorSink.FileName);

    private Task RunSqliteAsync(string sql) => RunSqliteAsync(_host, sql);

    private static async Task RunSqliteAsync(ComplianceHost host, string sql)
    {
        await using var raw = new SqliteConnection($"Data Source={host.DatabaseFile};Pooling=false");
        await raw.OpenAsync();
        var command = raw.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_checkpoint_of_the_head_is_signed_kept_in_the_anchor_file_and_verifies_with_the_served_public_key()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await Anchoring.AddTermsAsync(officer, "Northwind Traders", "Contoso Bank", "Fabrikam");
        var rows = await Anchoring.TrailAsync(officer);

        var result = await Anchoring.AnchorAsync(officer);
        Assert.True(result.Written);
        Assert.Equal([new SinkOutcome("file", true, null)], result.Sinks);
        var checkpoint = result.Checkpoint!;
        Assert.Equal((rows[^1].Sequence, rows[^1].Hash, 3L), (checkpoint.Sequence, checkpoint.Hash, checkpoint.Rows));
        Assert.InRange(checkpoint.At, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));

        // An auditor needs only the public key: the signature holds over the documented text, and not over a changed one.
        var pem = await officer.GetStringAsync("/api/compliance/audit/anchors/key");
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem);
        Assert.DoesNotContain("PRIVATE", pem);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(pem);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(publicKey.ExportSubjectPublicKeyInfo()))[..16], checkpoint.KeyId);
        var signature = Convert.FromBase64String(checkpoint.Signature);
        Assert.True(publicKey.VerifyData(Anchoring.SignedText(checkpoint), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(publicKey.VerifyData(Anchoring.SignedText(checkpoint with { Rows = 2 }), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        // Kept outside the database, in a folder of its own, one JSON line per checkpoint.
        Assert.NotEqual(Path.GetDirectoryName(_host.DatabaseFile), Path.GetDirectoryName(AnchorFile));
        var line = Assert.Single(await File.ReadAllLinesAsync(AnchorFile));
        Assert.Equal(checkpoint, JsonSerializer.Deserialize<Checkpoint>(line, Json));
        var keyFile = Path.Combine(_host.DataDirectory, "compliance", "anchor-key.pem");
        Assert.Contains("PRIVATE KEY", await File.ReadAllTextAsync(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        // An unchanged head is not checkpointed again.
        var again = await Anchoring.AnchorAsync(officer);
        Assert.False(again.Written);
        Assert.Equal(checkpoint, again.Checkpoint);
        Assert.Single(await File.ReadAllLinesAsync(AnchorFile));

        var verification = (await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!;
        Assert.True(verification.Valid);
        Assert.Equal((1, 1, 0), (verification.Anchors!.Checkpoints, verification.Anchors.Matched, verification.Anchors.Unreadable));
        Assert.Equal(checkpoint, verification.Anchors.Latest);
        Assert.Equal(["file"], verification.Anchors.Sinks);

        using var employee = _host.Client(ComplianceHost.Person("emp-1"));
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.PostAsync("/api/compliance/audit/anchors", null)).StatusCode);
    }

    [Fact]
    public async Task A_chain_rewritten_whole_after_a_checkpoint_passes_the_in_database_walk_but_not_the_checkpoint()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await Anchoring.AddTermsAsync(officer, "Northwind Traders", "Project Juniper", "Contoso Bank", "Fabrikam");
        var checkpoint = (await Anchoring.AnchorAsync(officer)).Checkpoint!;
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
        var rows = await Anchoring.TrailAsync(officer);

        // The superuser drops the trigger, rewrites row 2 and every hash after it, and puts the trigger back.
        await RunSqliteAsync(RewriteSql(Anchoring.Rewrite(rows, rows[1].Sequence, "Project Juniper", "Project Harmless")));
        var verification = await Anchoring.AssertRewriteIsCaughtAsync(officer, checkpoint);
        Assert.Equal(4, verification.RowsChecked);
        Assert.Contains($"not {checkpoint.Hash[..16]}", verification.Problem);
        Assert.Equal(["file"], verification.Anchors!.BrokenIn);

        // Nor does the service sign the rewritten head: a problem, not a checkpoint that would bless it.
        using var refused = await officer.PostAsync("/api/compliance/audit/anchors", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("anchor_mismatch", (await refused.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("code").GetString());
        Assert.Single(await File.ReadAllLinesAsync(AnchorFile));
    }

    /// <summary>The same rewrite, SQL as a superuser would type it.</summary>
    private static string RewriteSql(List<AuditRow> rewritten) => $"""
        DROP TRIGGER "ComplianceAudit_no_update";
        {string.Concat(rewritten.Select(r =>
            $"""UPDATE "ComplianceAudit" SET "Detail" = '{r.Detail.Replace("'", "''")}', "PreviousHash" = '{r.PreviousHash}', "Hash" = '{r.Hash}' WHERE "Sequence" = {r.Sequence};""" + "\n"))}
        CREATE TRIGGER "ComplianceAudit_no_update" BEFORE UPDATE ON "ComplianceAudit" BEGIN SELECT RAISE(ABORT, 'append-only'); END;
        """;

    [Fact]
    public async Task The_background_jobs_anchor_the_head_on_their_own_and_the_verify_job_reports_a_rewrite_to_webhooks_once()
    {
        var received = new ConcurrentQueue<(string Event, string Body)>();
        await using var receiver = await StandInService.StartAsync("webhooks", app => app.MapPost("/hook", async (HttpContext context) =>
        {
            received.Enqueue((context.Request.Headers[WebhookSignature.EventHeader].ToString(), await new StreamReader(context.Request.Body).ReadToEndAsync()));
            return Results.Ok();
        }));
        await using var host = new ComplianceHost(new Dictionary<string, string?>
        {
            ["Compliance:Audit:AnchorInterval"] = "00:00:00.200",
            ["Compliance:Audit:VerifyInterval"] = "00:00:01",
            ["Compliance:Webhooks:0:Name"] = "siem",
            ["Compliance:Webhooks:0:Url"] = new Uri(receiver.Address, "/hook").ToString(),
            ["Compliance:Webhooks:0:Secret"] = "webhook-secret-for-anchor-tests",
        });
        using var officer = host.Client(ComplianceHost.Officer);
        await Anchoring.AddTermsAsync(officer, "Northwind Traders", "Project Juniper", "Contoso Bank");
        var rows = await Anchoring.TrailAsync(officer);
        var file = Path.Combine(host.DataDirectory, "compliance", "anchors", FileAnchorSink.FileName);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(File.Exists(file) && (await File.ReadAllLinesAsync(file)).Any(l => l.Contains(rows[^1].Hash, StringComparison.Ordinal))))
        {
            Assert.True(DateTime.UtcNow < deadline, "the anchor job did not checkpoint the head");
            await Task.Delay(100);
        }
        var anchored = (await File.ReadAllLinesAsync(file)).Length;

        await RunSqliteAsync(host, RewriteSql(Anchoring.Rewrite(rows, rows[1].Sequence, "Project Juniper", "Project Harmless")));
        deadline = DateTime.UtcNow.AddSeconds(20);
        while (!received.Any(r => r.Event == "audit.broken"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the verify job did not report the rewrite");
            await Task.Delay(100);
        }
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // two more runs of the verify job, and ten of the anchor job
        var broken = Assert.Single(received, r => r.Event == "audit.broken");
        var body = JsonDocument.Parse(broken.Body).RootElement.GetProperty("data");
        // The job may also have checkpointed a row between the first rewritten one and the head (it runs every 200 ms
        // while the terms are added): the first checkpoint the rewrite breaks is named, whichever that is.
        var brokenCheckpoint = body.GetProperty("anchors").GetProperty("broken");
        var sequence = brokenCheckpoint.GetProperty("sequence").GetInt64();
        Assert.InRange(sequence, rows[1].Sequence, rows[^1].Sequence);
        Assert.Contains($"Checkpoint of row {sequence}", body.GetProperty("problem").GetString());
        Assert.Equal(rows.Single(r => r.Sequence == sequence).Hash, brokenCheckpoint.GetProperty("hash").GetString());
        // The anchor job did not sign the rewritten head.
        Assert.Equal(anchored, (await File.ReadAllLinesAsync(file)).Length);
    }

    [Fact]
    public async Task Rows_cut_off_the_end_of_the_trail_leave_a_valid_looking_chain_that_the_checkpoint_does_not_accept()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await Anchoring.AddTermsAsync(officer, "Northwind Traders", "Contoso Bank", "Fabrikam");
        var checkpoint = (await Anchoring.AnchorAsync(officer)).Checkpoint!;

        await RunSqliteAsync($"""DROP TRIGGER "ComplianceAudit_no_delete"; DELETE FROM "ComplianceAudit" WHERE "Sequence" = {checkpoint.Sequence};""");
        Anchoring.AssertEveryLinkHolds(await Anchoring.TrailAsync(officer));

        var verification = (await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!;
        Assert.False(verification.Valid);
        Assert.Equal(checkpoint.Sequence, verification.FirstBrokenSequence);
        Assert.Contains("rows at the end were removed", verification.Problem);
    }

    [Fact]
    public async Task A_checkpoint_altered_in_the_anchor_file_is_reported()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await Anchoring.AddTermsAsync(officer, "Northwind Traders", "Contoso Bank");
        var checkpoint = (await Anchoring.AnchorAsync(officer)).Checkpoint!;
        var forged = checkpoint with { Rows = checkpoint.Rows + 1 };
        await File.WriteAllTextAsync(AnchorFile, JsonSerializer.Serialize(forged, Json) + "\n");

        var verification = (await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!;
        Assert.False(verification.Valid);
        Assert.Contains("signature does not verify", verification.Problem);
        Assert.Equal(forged, verification.Anchors!.Broken);
    }

    [Fact]
    public async Task A_report_carries_the_checkpoint_written_as_it_was_made_and_its_own_row_is_checkpointed_after()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await Anchoring.AddTermsAsync(officer, "Northwind Traders", "Contoso Bank");
        using var generated = await officer.PostAsJsonAsync("/api/compliance/reports", new { });
        Assert.Equal(HttpStatusCode.Created, generated.StatusCode);
        var report = (await generated.Content.ReadFromJsonAsync<ReportView>(Json))!;

        var lines = (await File.ReadAllLinesAsync(AnchorFile)).Select(l => JsonSerializer.Deserialize<Checkpoint>(l, Json)!).ToList();
        Assert.Equal(2, lines.Count);
        var (carried, afterReport) = (lines[0], lines[1]);
        var rows = await Anchoring.TrailAsync(officer);
        Assert.Equal((rows[1].Sequence, rows[1].Hash), (carried.Sequence, carried.Hash));
        Assert.Equal(("report.generated", rows[^1].Sequence, rows[^1].Hash), (rows[^1].Kind, afterReport.Sequence, afterReport.Hash));

        var pdf = PdfText.Extract(await officer.GetByteArrayAsync($"/api/compliance/reports/{report.Id}/pdf"));
        foreach (var expected in new[] { $"row {carried.Sequence}, {carried.Rows} rows", carried.Hash, carried.KeyId, carried.Signature,
                     carried.At.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture) })
        {
            Assert.Contains(expected, pdf);
        }
        var csv = Encoding.UTF8.GetString(await officer.GetByteArrayAsync($"/api/compliance/reports/{report.Id}/csv"));
        Assert.Contains($"checkpoint,{carried.KeyId},{carried.At:yyyy-MM-ddTHH:mm:ss.ffffffZ}", csv);
        Assert.Contains($"sequence {carried.Sequence}; rows {carried.Rows}; hash {carried.Hash}; signature {carried.Signature}", csv);
        using var workbook = new XLWorkbook(new MemoryStream(await officer.GetByteArrayAsync($"/api/compliance/reports/{report.Id}/xlsx")));
        var summary = workbook.Worksheet("Summary");
        string Value(string name) => summary.Column(1).CellsUsed().Single(c => c.GetString() == name).CellRight().GetString();
        Assert.Equal(carried.Hash, Value("Checkpoint hash"));
        Assert.Equal(carried.Signature, Value("Checkpoint signature"));
        Assert.Equal(carried.Sequence.ToString(CultureInfo.InvariantCulture), Value("Checkpoint sequence"));

        var verification = (await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!;
        Assert.True(verification.Valid);
        Assert.Equal(2, verification.Anchors!.Matched);
    }
}

/// <summary>A sink that fails is logged and counted, and neither stops the other sinks nor the service.</summary>
public sealed class AuditAnchorSinkTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _blocker = Path.Combine(Path.GetTempPath(), $"funasr-anchor-blocker-{Guid.NewGuid():N}");
    private RedisServer _redis = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        // A regular file where the anchor folder's parent should be: no directory can be made under it, even by root.
        await File.WriteAllTextAsync(_blocker, "not a folder");
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        File.Delete(_blocker);
    }

    [Fact]
    public async Task An_unwritable_anchor_folder_is_logged_and_counted_and_redis_still_gets_every_checkpoint()
    {
        var logs = new LogCollector();
        await using var host = new ComplianceHost(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = _redis.ConnectionString,
            ["Compliance:Audit:AnchorDirectory"] = Path.Combine(_blocker, "anchors"),
        }, services: services =>
        {
            Anchoring.WithoutAnchorJob(services);
            services.AddSingleton<ILoggerProvider>(logs);
        });
        using var officer = host.Client(ComplianceHost.Officer);
        using var measurements = new AnchorMeasurements(host.Services.GetRequiredService<IMeterFactory>());

        await Anchoring.AddTermsAsync(officer, "Northwind Traders", "Contoso Bank");
        var first = await Anchoring.AnchorAsync(officer);
        Assert.True(first.Written);
        Assert.Equal(["file:False", "redis:True"], first.Sinks.Select(s => $"{s.Sink}:{s.Written}"));
        Assert.NotNull(first.Sinks[0].Error);

        await using var redis = await _redis.ConnectAsync();
        var stream = await redis.GetDatabase().StreamRangeAsync(RedisAnchorSink.StreamName);
        Assert.Equal(first.Checkpoint, JsonSerializer.Deserialize<Checkpoint>(Assert.Single(stream)["checkpoint"].ToString(), Json));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Anchor sink file did not take the checkpoint"));
        Assert.Equal(1, measurements.Count("compliance.audit.anchors_written", "file", "failed"));
        Assert.Equal(1, measurements.Count("compliance.audit.anchors_written", "redis", "written"));

        // The service goes on: more events, another checkpoint on Redis, and verification checks both against the trail.
        await Anchoring.AddTermsAsync(officer, "Fabrikam");
        var second = await Anchoring.AnchorAsync(officer);
        Assert.True(second.Written);
        Assert.Equal(2, (await redis.GetDatabase().StreamRangeAsync(RedisAnchorSink.StreamName)).Length);
        Assert.Equal(2, measurements.Count("compliance.audit.anchors_written", "file", "failed"));
        var verification = (await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!;
        Assert.True(verification.Valid);
        Assert.Equal((2, 2), (verification.Anchors!.Checkpoints, verification.Anchors.Matched));
        Assert.Equal(["file", "redis"], verification.Anchors.Sinks);
        Assert.Equal(second.Checkpoint, verification.Anchors.Latest);
    }

    [Fact]
    public async Task When_no_sink_takes_the_checkpoint_the_api_answers_with_problem_details()
    {
        await using var host = new ComplianceHost(new Dictionary<string, string?> { ["Compliance:Audit:AnchorDirectory"] = Path.Combine(_blocker, "anchors") },
            services: Anchoring.WithoutAnchorJob);
        using var officer = host.Client(ComplianceHost.Officer);
        await Anchoring.AddTermsAsync(officer, "Northwind Traders");

        using var response = await officer.PostAsync("/api/compliance/audit/anchors", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal("anchor_unavailable", problem.GetProperty("code").GetString());
        Assert.Contains("file:", problem.GetProperty("detail").GetString());
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
    }

    [Fact]
    public async Task A_configured_anchor_key_that_is_not_a_p256_private_key_stops_the_service_at_start()
    {
        using var rsa = RSA.Create(2048);
        await using var host = new ComplianceHost(new Dictionary<string, string?> { ["Compliance:Audit:AnchorKey"] = rsa.ExportPkcs8PrivateKeyPem() });
        var error = Assert.ThrowsAny<Exception>(() => host.Address);
        Assert.Contains("Compliance:Audit:AnchorKey", error.ToString());
    }

    /// <summary>The anchor counter of one host (matched by its meter factory, so parallel tests do not mix), with its tags.</summary>
    private sealed class AnchorMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, string? Sink, string? Outcome, long Value)> _values = new();

        public AnchorMeasurements(IMeterFactory scope)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Name.StartsWith("compliance.audit.anchor", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                string? sink = null, outcome = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "sink") sink = tag.Value?.ToString();
                    if (tag.Key == "outcome") outcome = tag.Value?.ToString();
                }
                _values.Enqueue((instrument.Name, sink, outcome, value));
            });
            _listener.Start();
        }

        public long Count(string instrument, string sink, string outcome) =>
            _values.Where(v => v.Instrument == instrument && v.Sink == sink && v.Outcome == outcome).Sum(v => v.Value);

        public void Dispose() => _listener.Dispose();
    }
}
