using System.Net.Http.Json;
using System.Text.Json;
using FunAsr.Learning.Compliance.Audit;
using FunAsr.Messaging;

namespace FunAsr.Tests.Compliance;

/// <summary>
/// Views of a redacted lecture's clear text, as the Q&amp;A service reports them on the real Redis stream
/// <c>compliance:access</c>: each becomes one <c>cleartext.viewed</c> row of the trail (the viewer as the actor), a
/// redelivered entry adds none, and a malformed one is skipped without holding up the next.
/// </summary>
public sealed class ClearTextAccessTests() : ComplianceStreamTests(ComplianceChannels.AccessStream, ComplianceChannels.AccessGroup)
{
    private static ClearTextAccess View(string requestId, string lectureId = "lec-7", string viewerId = "olivia", string? viewerName = "Olivia Officer") =>
        new(requestId, lectureId, "Quarterly customer review", viewerId, viewerName, "admin", new DateTimeOffset(2026, 11, 30, 9, 15, 42, 123, TimeSpan.FromHours(8)));

    private Task AddAsync(ClearTextAccess access) => AddRawAsync(ComplianceChannels.AccessField, JsonSerializer.Serialize(access, Json));

    [Fact]
    public async Task A_view_on_the_access_stream_becomes_one_trail_row_with_the_viewer_as_actor_and_the_chain_still_verifies()
    {
        using var officer = Host.Client(ComplianceHost.Officer);
        await AddAsync(View("req-1"));

        var row = Assert.Single(await WaitForRowsAsync(officer, AuditKinds.ClearTextViewed, rows => rows.Count > 0));
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
        Assert.Equal(1, Metrics.Sum("compliance.cleartext.views"));
    }

    [Fact]
    public async Task The_same_view_added_again_is_recorded_once()
    {
        using var officer = Host.Client(ComplianceHost.Officer);
        await AddAsync(View("req-again"));
        await WaitForRowsAsync(officer, AuditKinds.ClearTextViewed, rows => rows.Count == 1);
        await AddAsync(View("req-again"));
        await AddAsync(View("req-again"));
        // A later view, consumed after the repeats, says they were handled.
        await AddAsync(View("req-after", viewerId: "chen", viewerName: "Chen Content"));

        var rows = await WaitForRowsAsync(officer, AuditKinds.ClearTextViewed, rows => rows.Any(r => r.Subject == "req-after"));
        Assert.Equal(["req-again", "req-after"], rows.Select(r => r.Subject));
        Assert.Equal(["olivia", "chen"], rows.Select(r => r.ActorId));
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
        await AssertNothingPendingAsync();
        Assert.Equal(2, Metrics.Sum("compliance.cleartext.views"));
    }

    [Fact]
    public async Task A_malformed_entry_is_skipped_and_the_view_after_it_is_recorded()
    {
        using var officer = Host.Client(ComplianceHost.Officer);
        await AddRawAsync(ComplianceChannels.AccessField, "not json at all");
        await AddRawAsync("something-else", "{}");
        await AddRawAsync(ComplianceChannels.AccessField, "null");
        await AddAsync(View("req-no-viewer", viewerId: " "));
        await AddAsync(View(new string('r', 300)));
        await AddAsync(View("req-good"));

        var row = Assert.Single(await WaitForRowsAsync(officer, AuditKinds.ClearTextViewed, rows => rows.Count > 0));
        Assert.Equal("req-good", row.Subject);
        Assert.Equal("olivia", row.ActorId);
        Assert.True((await officer.GetFromJsonAsync<AuditVerification>("/api/compliance/audit/verify", Json))!.Valid);
        await AssertNothingPendingAsync();
    }
}
