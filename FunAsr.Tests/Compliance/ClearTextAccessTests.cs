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
/// Views of a redacted lecture's clear text, as the Q&amp;A service reports them on the real Redis stream
/// <c>compliance:access</c>: each becomes one <c>cleartext.viewed</c> row of the trail (the viewer as the actor), a
/// redelivered entry adds none, and a malformed one is skipped without holding up the next.
/// </summary>
public sealed class ClearTextAccessTests : IAsyncLifetime
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

    private static ClearTextAccess View(string requestId, string lectureId = "lec-7", string viewerId = "olivia", string? viewerName = "Olivia Officer") =>
        new(requestId, lectureId, "Quarterly customer review", viewerId, viewerName, "admin", new DateTimeOffset(2026, 11, 30, 9, 15, 42, 123, TimeSpan.FromHours(8)));

    private Task AddAsync(ClearTextAccess access) => AddRawAsync(JsonSerializer.Serialize(access, Json));

    private Task AddRawAsync(string value, string field = ComplianceChannels.AccessField) =>
        _client.GetDatabase().StreamAddAsync(ComplianceChannels.AccessStream, field, value);

    private async Task<List<AuditRow>> ViewsAsync(HttpClient officer) =>
        (await officer.GetFromJsonAsync<List<AuditRow>>($"/api/compliance/audit?kind={AuditKinds.ClearTextViewed}&count=1000", Json))!.OrderBy(r => r.Sequence).ToList();

    private async Task<List<AuditRow>> WaitForViewsAsync(HttpClient officer, Func<List<AuditRow>, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var rows = await ViewsAsync(officer);
            if (condition(rows))
            {
                return rows;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the trail holds {rows.Count} clear-text views: {string.Join(", ", rows.Select(r => r.Subject))}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Nothing left pending in the compliance group: every entry was acknowledged, the skipped ones too.</summary>
    private async Task AssertNothingPendingAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        long pending;
        while ((pending = (await _client.GetDatabase().StreamPendingAsync(ComplianceChannels.AccessStream, ComplianceChannels.AccessGroup)).PendingMessageCount) > 0
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(0, pending);
    }

    [Fact]
    public async Task A_view_on_the_access_stream_becomes_one_trail_row_with_the_viewer_as_actor_and_the_chain_still_verifies()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await AddAsync(View("req-1"));

        var row = Assert.Single(await WaitForViewsAsync(officer, rows => rows.Count > 0));
        Assert.Equal(AuditKinds.ClearTextViewed, row.Kind);
        Assert.Equal("olivia", row.ActorId);
        Assert.Equal("Olivia Officer", row.ActorName);
        Assert.Equal("req-1", row.Subject);
        var detail = JsonDocument.Parse(row.Detail).RootElement;
        Assert.Equal("lec-7", detail.GetProperty("lectureId").GetString());
        Assert.Equal("Quarterly customer review", detail.GetProperty("title").GetString());
        Assert.Equal("admin", detail.GetProperty("role").GetString());
        Assert.Equal(new DateTime(2026, 11, 30, 1, 15, 42, 123, DateTimeKind.Utc), detail.GetProperty("at").GetDateTime().ToUniversalTime());

        var verification = await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json);
        Assert.True(verification!.Valid, verification.Problem);
        Assert.Equal(row.Hash, verification.LastHash);
        await AssertNothingPendingAsync();
        Assert.Equal(1, _metrics.Sum("compliance.cleartext.views"));
    }

    [Fact]
    public async Task The_same_view_added_again_is_recorded_once()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await AddAsync(View("req-again"));
        await WaitForViewsAsync(officer, rows => rows.Count == 1);
        await AddAsync(View("req-again"));
        await AddAsync(View("req-again"));
        // A later view, consumed after the repeats, says they were handled.
        await AddAsync(View("req-after", viewerId: "chen", viewerName: "Chen Content"));

        var rows = await WaitForViewsAsync(officer, rows => rows.Any(r => r.Subject == "req-after"));
        Assert.Equal(["req-again", "req-after"], rows.Select(r => r.Subject));
        Assert.Equal(["olivia", "chen"], rows.Select(r => r.ActorId));
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
        await AssertNothingPendingAsync();
        Assert.Equal(2, _metrics.Sum("compliance.cleartext.views"));
    }

    [Fact]
    public async Task A_malformed_entry_is_skipped_and_the_view_after_it_is_recorded()
    {
        using var officer = _host.Client(ComplianceHost.Officer);
        await AddRawAsync("not json at all");
        await AddRawAsync("{}", field: "something-else");
        await AddRawAsync("null");
        await AddAsync(View("req-no-viewer", viewerId: " "));
        await AddAsync(View(new string('r', 300)));
        await AddAsync(View("req-good"));

        var row = Assert.Single(await WaitForViewsAsync(officer, rows => rows.Count > 0));
        Assert.Equal("req-good", row.Subject);
        Assert.Equal("olivia", row.ActorId);
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
        await AssertNothingPendingAsync();
    }
}
