using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Compliance;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Messaging;
using FunAsr.Tests.AsrApi;
using FunAsr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace FunAsr.Tests.Compliance;

/// <summary>
/// Redactions the speech service applied, as it reports them on the real Redis stream <c>compliance:redactions</c>: each
/// becomes one <c>redaction.applied</c> row of the trail (the submitter as the actor, the speech service's job when there is
/// none), an entry delivered again adds none, and a malformed one is skipped without holding up the next.
/// </summary>
public sealed class RedactionAuditTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private RedisServer _redis = null!;
    private ComplianceHost _host = null!;
    private ConnectionMultiplexer _client = null!;
    private MetricRecorder _metrics = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _host = new ComplianceHost(new Dictionary<string, string?> { ["ConnectionStrings:cache"] = _redis.ConnectionString });
        _ = _host.Address;
        _metrics = new MetricRecorder(_host.Services.GetRequiredService<IMeterFactory>(), ComplianceTelemetry.Name);
        _client = await _redis.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        _metrics.Dispose();
        await _client.DisposeAsync();
        await _host.DisposeAsync();
        await _redis.DisposeAsync();
    }

    public static RedactionRecord Redaction(string id, string source = RedactionSources.Job, string? submitterId = "chen", string? submitterName = "Chen Content",
        string classes = "pii", IReadOnlyDictionary<string, int>? spans = null) =>
        new(id, source, submitterId, submitterName, classes, spans ?? new Dictionary<string, int> { ["phone"] = 2, ["customer"] = 1 },
            new DateTimeOffset(2026, 12, 1, 10, 5, 7, 456, TimeSpan.FromHours(8)));

    private Task AddAsync(RedactionRecord redaction) => AddRawAsync(JsonSerializer.Serialize(redaction, Json));

    private Task AddRawAsync(string value, string field = ComplianceChannels.RedactionField) =>
        _client.GetDatabase().StreamAddAsync(ComplianceChannels.RedactionsStream, field, value);

    public static async Task<List<AuditRow>> RowsAsync(HttpClient officer) =>
        (await officer.GetFromJsonAsync<List<AuditRow>>($"/api/compliance/audit?kind={AuditKinds.RedactionApplied}&count=1000", Json))!.OrderBy(r => r.Sequence).ToList();

    public static async Task<List<AuditRow>> WaitForRowsAsync(HttpClient officer, Func<List<AuditRow>, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var rows = await RowsAsync(officer);
            if (condition(rows))
            {
                return rows;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the trail holds {rows.Count} redactions: {string.Join(", ", rows.Select(r => r.Subject))}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Nothing left pending in the compliance group: every entry was acknowledged, the skipped ones too.</summary>
    private async Task AssertNothingPendingAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        long pending;
        while ((pending = (await _client.GetDatabase().StreamPendingAsync(ComplianceChannels.RedactionsStream, ComplianceChannels.RedactionsGroup)).PendingMessageCount) > 0
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(0, pending);
    }

    [Fact]
    public async Task A_redaction_on_the_stream_becomes_one_trail_row_with_the_submitter_as_actor_and_the_chain_still_verifies()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await AddAsync(Redaction("job-1"));

        var row = Assert.Single(await WaitForRowsAsync(officer, rows => rows.Count > 0));
        Assert.Equal(AuditKinds.RedactionApplied, row.Kind);
        Assert.Equal("chen", row.ActorId);
        Assert.Equal("Chen Content", row.ActorName);
        Assert.Equal("job-1", row.Subject);
        var detail = JsonDocument.Parse(row.Detail).RootElement;
        Assert.Equal("job", detail.GetProperty("source").GetString());
        Assert.Equal("pii", detail.GetProperty("classes").GetString());
        Assert.Equal(["customer", "phone"], detail.GetProperty("spans").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, detail.GetProperty("spans").GetProperty("customer").GetInt32());
        Assert.Equal(2, detail.GetProperty("spans").GetProperty("phone").GetInt32());
        Assert.Equal(new DateTime(2026, 12, 1, 2, 5, 7, 456, DateTimeKind.Utc), detail.GetProperty("at").GetDateTime().ToUniversalTime());

        var verification = await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json);
        Assert.True(verification!.Valid, verification.Problem);
        Assert.Equal(row.Hash, verification.LastHash);
        await AssertNothingPendingAsync();
        Assert.Equal(1, _metrics.Sum("compliance.redactions.recorded"));
    }

    [Fact]
    public async Task The_same_redaction_delivered_again_is_recorded_once_and_one_without_a_submitter_names_the_speech_service()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await AddAsync(Redaction("req-again", RedactionSources.Transcription));
        await WaitForRowsAsync(officer, rows => rows.Count == 1);
        await AddAsync(Redaction("req-again", RedactionSources.Transcription));
        await AddAsync(Redaction("req-again", RedactionSources.Transcription));
        // A later redaction, consumed after the repeats, says they were handled; zero spans found is still a redaction.
        await AddAsync(Redaction("job-after", submitterId: null, submitterName: null, classes: "numbers", spans: new Dictionary<string, int>()));

        var rows = await WaitForRowsAsync(officer, rows => rows.Any(r => r.Subject == "job-after"));
        Assert.Equal(["req-again", "job-after"], rows.Select(r => r.Subject));
        Assert.Equal(["chen", AuditActor.Job("asr").Id], rows.Select(r => r.ActorId));
        Assert.Equal("transcription", JsonDocument.Parse(rows[0].Detail).RootElement.GetProperty("source").GetString());
        Assert.Empty(JsonDocument.Parse(rows[1].Detail).RootElement.GetProperty("spans").EnumerateObject());
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
        await AssertNothingPendingAsync();
        Assert.Equal(2, _metrics.Sum("compliance.redactions.recorded"));
    }

    [Fact]
    public async Task A_malformed_entry_is_skipped_and_the_redaction_after_it_is_recorded()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await AddRawAsync("not json at all");
        await AddRawAsync("{}", field: "something-else");
        await AddRawAsync("null");
        await AddAsync(Redaction(" "));
        await AddAsync(Redaction(new string('r', 300)));
        await AddAsync(Redaction("job-bad-source", source: "live"));
        await AddAsync(Redaction("job-negative", spans: new Dictionary<string, int> { ["phone"] = -1 }));
        await AddAsync(Redaction("job-no-classes", classes: " "));
        await AddAsync(Redaction("job-good"));

        var row = Assert.Single(await WaitForRowsAsync(officer, rows => rows.Count > 0));
        Assert.Equal("job-good", row.Subject);
        Assert.Equal("chen", row.ActorId);
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
        await AssertNothingPendingAsync();
        Assert.Equal(1, _metrics.Sum("compliance.redactions.recorded"));
    }
}
